// The status page: follows runs through GET /batch_progress/stream and draws a progress bar per run.
// fetch reads the stream, because an EventSource cannot send the Authorization header. Every value
// from the server or the URL reaches the DOM through textContent or a property, never as HTML.
"use strict";

(function () {
  const TOKEN_KEY = "batch-progress-token";
  const STREAM_PATH = "/batch_progress/stream";
  // A browser opens at most 6 HTTP/1.1 connections per origin, and each stream holds one.
  // NOTE: more runs at once need HTTP/2 on the server; the 6th connection stays free for requests.
  const MAX_RUNS = 5;
  const DEFAULT_RETRY_MS = 2000;
  const MAX_RETRY_MS = 30000;
  // The server sends a heartbeat every 15 s, so 45 s of silence means a dead connection.
  const SILENCE_LIMIT_MS = 45000;

  /**
   * Parses a text/event-stream body as the HTML standard describes it: lines end with CR, LF or
   * CRLF, a blank line dispatches an event, and a line starting with ':' is a comment.
   */
  class EventStreamParser {
    constructor(onEvent, onRetry) {
      this.onEvent = onEvent;
      this.onRetry = onRetry;
      this.pending = "";
      this.dataLines = [];
      this.eventType = "";
      this.lastEventId = "";
    }

    push(chunk) {
      let text = this.pending + chunk;
      // A CR at the end may be the first half of a CRLF that the next chunk completes.
      let heldBack = "";
      if (text.endsWith("\r")) {
        heldBack = "\r";
        text = text.slice(0, -1);
      }
      const lines = text.split(/\r\n|\r|\n/);
      this.pending = lines.pop() + heldBack;
      for (const line of lines) {
        this.processLine(line);
      }
    }

    processLine(line) {
      if (line === "") {
        this.dispatch();
        return;
      }
      if (line.startsWith(":")) {
        return;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) {
        value = value.slice(1);
      }
      if (field === "event") {
        this.eventType = value;
      } else if (field === "data") {
        this.dataLines.push(value);
      } else if (field === "id") {
        if (!value.includes("\0")) {
          this.lastEventId = value;
        }
      } else if (field === "retry") {
        if (/^[0-9]+$/.test(value)) {
          this.onRetry(Number(value));
        }
      }
    }

    dispatch() {
      const type = this.eventType || "message";
      const data = this.dataLines.join("\n");
      const hasData = this.dataLines.length > 0;
      this.eventType = "";
      this.dataLines = [];
      if (hasData) {
        this.onEvent({ type: type, data: data, id: this.lastEventId });
      }
    }
  }

  /** The card of one run: its bar, state, detail line and message, all set through textContent. */
  class RunView {
    constructor(trackingId) {
      this.element = document.createElement("li");
      this.element.className = "run";
      this.element.dataset.trackingId = trackingId;

      const head = document.createElement("div");
      head.className = "run-head";
      const id = document.createElement("code");
      id.className = "run-id";
      id.textContent = trackingId;
      this.state = document.createElement("span");
      this.state.className = "run-state";
      head.append(id, this.state);

      const barLine = document.createElement("div");
      barLine.className = "bar-line";
      this.bar = document.createElement("progress");
      this.bar.max = 100;
      this.bar.value = 0;
      this.bar.setAttribute("aria-label", "overall progress of " + trackingId);
      this.percent = document.createElement("span");
      this.percent.className = "percent";
      barLine.append(this.bar, this.percent);

      this.detail = document.createElement("p");
      this.detail.className = "run-detail";
      this.message = document.createElement("p");
      this.message.className = "run-message";
      this.message.setAttribute("role", "status");

      this.element.append(head, barLine, this.detail, this.message);
      this.setState("connecting", "connecting");
      this.element.dataset.percent = "";
      this.element.dataset.reconnects = "0";
    }

    setState(state, label) {
      this.element.dataset.state = state;
      this.state.textContent = label;
    }

    setMessage(text) {
      this.message.textContent = text;
    }

    countReconnect() {
      this.element.dataset.reconnects = String(Number(this.element.dataset.reconnects) + 1);
    }

    /** Draws one answer of /batch_progress, a batch process or a supply shed one. */
    showAnswer(answer) {
      let percent;
      if (typeof answer.n_stages === "number") {
        percent = answer.overall_progress;
        this.detail.textContent =
          "Stage " + answer.stage + " of " + answer.n_stages + ", " + answer.progress +
          " % of the stage done";
      } else {
        const total = answer.total_number_of_facilities;
        const completed = answer.total_number_of_facilities_completed;
        const failed = answer.total_number_of_facilities_failed;
        const inFlight =
          answer.total_number_of_facilities_queued +
          answer.total_number_of_facilities_preprocessing +
          answer.total_number_of_facilities_processing;
        // Rounded down, so that 100 % appears only when every facility has ended.
        percent = total > 0 ? Math.floor(((completed + failed) * 100) / total) : 0;
        if (answer.complete) {
          percent = 100;
        }
        this.detail.textContent =
          total + " facilities: " + completed + " completed, " + failed + " failed (" +
          answer.total_number_of_ungeocoded_facilities + " not geocoded), " + inFlight +
          " in flight";
      }
      this.bar.value = percent;
      this.percent.textContent = percent + " %";
      this.element.dataset.percent = String(percent);

      if (answer.skip_reason !== null && answer.skip_reason !== undefined) {
        this.setState("skipped", "skipped: " + answer.skip_reason);
      } else if (answer.failed === true) {
        this.setState("failed", "failed");
      } else if (answer.complete) {
        this.setState("complete", "complete");
      } else {
        this.setState("running", "running");
      }
    }
  }

  /** Follows one run's stream, and reconnects with Last-Event-ID until the final answer. */
  class RunWatch {
    constructor(trackingId, token, view, onUnauthorized) {
      this.trackingId = trackingId;
      this.token = token;
      this.view = view;
      this.onUnauthorized = onUnauthorized;
      this.lastEventId = "";
      this.retryMs = DEFAULT_RETRY_MS;
      this.failedAttempts = 0;
      this.ended = false;
      this.stopped = false;
      this.controller = null;
      this.timer = null;
      this.silenceTimer = null;
    }

    start() {
      this.connect();
    }

    stop() {
      this.stopped = true;
      clearTimeout(this.timer);
      clearTimeout(this.silenceTimer);
      if (this.controller) {
        this.controller.abort();
      }
    }

    async connect() {
      if (this.stopped) {
        return;
      }
      this.controller = new AbortController();
      const headers = { Authorization: "Bearer " + this.token, Accept: "text/event-stream" };
      if (this.lastEventId) {
        headers["Last-Event-ID"] = this.lastEventId;
      }
      const url = STREAM_PATH + "?tracking_id=" + encodeURIComponent(this.trackingId);
      let response;
      try {
        response = await fetch(url, {
          headers: headers,
          cache: "no-store",
          signal: this.controller.signal,
        });
      } catch (error) {
        this.retryLater("Cannot reach the server");
        return;
      }
      if (!response.ok) {
        await this.handleErrorResponse(response);
        return;
      }
      this.failedAttempts = 0;
      this.view.setMessage("");
      await this.read(response);
    }

    async read(response) {
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new EventStreamParser(
        (event) => this.handleEvent(event),
        (ms) => {
          this.retryMs = ms;
        },
      );
      try {
        for (;;) {
          this.watchSilence();
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          parser.push(value);
          if (this.ended) {
            break;
          }
        }
      } catch (error) {
        // An abort or a dropped connection; the checks below decide whether to reconnect.
      } finally {
        clearTimeout(this.silenceTimer);
      }
      if (this.ended) {
        this.controller.abort();
      } else {
        this.retryLater("Connection lost");
      }
    }

    watchSilence() {
      clearTimeout(this.silenceTimer);
      this.silenceTimer = setTimeout(() => this.controller.abort(), SILENCE_LIMIT_MS);
    }

    handleEvent(event) {
      if (event.id) {
        this.lastEventId = event.id;
      }
      if (event.type === "error") {
        this.ended = true;
        this.view.setState("error", "stream error");
        this.view.setMessage(detailOf(parseJson(event.data)) || "The stream failed");
        return;
      }
      const answer = parseJson(event.data);
      if (answer === null || typeof answer !== "object") {
        this.view.setMessage("The server sent an event that is not a progress answer");
        return;
      }
      this.view.showAnswer(answer);
      if (event.type === "end") {
        this.ended = true;
      }
    }

    async handleErrorResponse(response) {
      let body = null;
      try {
        body = await response.json();
      } catch (error) {
        // A body that is not JSON leaves only the status to show.
      }
      const text = response.status + ": " + (detailOf(body) || response.statusText || "error");
      if (response.status === 429 || response.status >= 500) {
        this.retryLater(text);
        return;
      }
      this.ended = true;
      this.view.setState("error", "error");
      this.view.setMessage(text);
      if (response.status === 401) {
        this.onUnauthorized(text);
      }
    }

    retryLater(reason) {
      if (this.stopped || this.ended) {
        return;
      }
      const delay = Math.min(this.retryMs * 2 ** this.failedAttempts, MAX_RETRY_MS);
      this.failedAttempts += 1;
      this.view.countReconnect();
      this.view.setMessage(reason + "; reconnecting in " + Math.round(delay / 1000) + " s");
      this.timer = setTimeout(() => this.connect(), delay);
    }
  }

  function parseJson(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return null;
    }
  }

  function detailOf(body) {
    return body !== null && typeof body === "object" && typeof body.detail === "string"
      ? body.detail
      : "";
  }

  function parseTrackingIds(text) {
    const ids = [];
    for (const part of text.split(/[\s,]+/)) {
      if (part !== "" && !ids.includes(part)) {
        ids.push(part);
      }
    }
    return ids;
  }

  function readStoredToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  function storeToken(token) {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch (error) {
      // Without session storage the token lives only in the field.
    }
  }

  function forgetToken() {
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch (error) {
      // Nothing was stored.
    }
  }

  function main() {
    const form = document.getElementById("watch-form");
    const tokenField = document.getElementById("token");
    const idsField = document.getElementById("tracking-ids");
    const pageMessage = document.getElementById("page-message");
    const runList = document.getElementById("runs");
    let watches = [];

    function stopAll() {
      for (const watch of watches) {
        watch.stop();
      }
      watches = [];
    }

    function watchRuns(token, ids) {
      stopAll();
      runList.replaceChildren();
      pageMessage.textContent = "";
      const shown = ids.slice(0, MAX_RUNS);
      if (ids.length > MAX_RUNS) {
        pageMessage.textContent =
          "Showing the first " + MAX_RUNS + " of " + ids.length + " runs; a browser keeps only " +
          "a few connections per server open, and each run needs one.";
      }
      for (const id of shown) {
        const view = new RunView(id);
        runList.append(view.element);
        const watch = new RunWatch(id, token, view, (text) => {
          pageMessage.textContent = text + " (check the token)";
        });
        watches.push(watch);
        watch.start();
      }
    }

    tokenField.value = readStoredToken();
    const fromUrl = new URLSearchParams(window.location.search).getAll("tracking_id");
    idsField.value = parseTrackingIds(fromUrl.join("\n")).join("\n");

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const token = tokenField.value.trim();
      const ids = parseTrackingIds(idsField.value);
      if (token === "" || ids.length === 0) {
        pageMessage.textContent = "Enter a token and at least one tracking id.";
        return;
      }
      storeToken(token);
      idsField.value = ids.join("\n");
      // The address keeps the tracking ids, so that a reload or a link shows the same runs.
      const query = new URLSearchParams();
      for (const id of ids) {
        query.append("tracking_id", id);
      }
      window.history.replaceState(null, "", window.location.pathname + "?" + query.toString());
      watchRuns(token, ids);
    });

    document.getElementById("forget-token").addEventListener("click", () => {
      forgetToken();
      tokenField.value = "";
      stopAll();
      pageMessage.textContent = "The token is forgotten and every stream is closed.";
    });

    if (tokenField.value !== "" && idsField.value !== "") {
      watchRuns(tokenField.value, parseTrackingIds(idsField.value));
    }
  }

  main();
})();
