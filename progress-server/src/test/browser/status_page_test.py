"""End-to-end test of the status page at /status in a real headless Chromium.

Starts `progress-server.jar serve` on a free port with a replay that takes about half a minute,
opens the page in Chromium through Selenium WebDriver and Debian's chromedriver, enters a token and
the replay's tracking ids, and checks that every bar advances during the replay and shows
completion at the end. It also checks the error texts of a wrong token and an unknown run, the
reconnection with Last-Event-ID after every connection was dropped midway, and that the browser reported no error, such as a
Content-Security-Policy violation. Screenshots of the replay in progress and at its end are kept in
the artifacts folder.

Every wait is on a condition of the page or of the server's output, with a generous timeout,
because other builds may share the machine's cores.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
TOKEN = "status-page-token"
# Simulated seconds per real second: the bundled replay then takes about 30 s.
SPEED = "30"
START_TIMEOUT_SECONDS = 60
REPLAY_TIMEOUT_SECONDS = 180
PAGE_TIMEOUT_SECONDS = 30
POLL_SECONDS = 0.2
UNKNOWN_RUN = "0x" + "0" * 64

# Reads every run card in one call, so that one observation is a consistent picture of the page.
READ_CARDS = """
return Array.from(document.querySelectorAll('#runs .run')).map(card => ({
  id: card.dataset.trackingId,
  state: card.dataset.state,
  percent: card.dataset.percent,
  reconnects: Number(card.dataset.reconnects),
  bar: card.querySelector('progress').value,
  detail: card.querySelector('.run-detail').textContent,
  message: card.querySelector('.run-message').textContent,
}));
"""

FINAL_STATES = {"complete", "failed", "skipped", "error"}

# Runs whose tasks all run within about 8 simulated seconds, a fraction of a real second at SPEED,
# so the page may see them only before they start and after they end. Their bars are checked for
# completion and for never going back, not for partial values.
BRIEF_RUNS = {"montage-chameleon-2mass-01d-001.json"}


class CheckFailed(Exception):
    """A check of the page that did not hold; the message names what was expected and seen."""


def main():
    arguments = parse_arguments()
    # Selenium reaches chromedriver, and this script the server, on 127.0.0.1 and never a proxy.
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "127.0.0.1,localhost"
    artifacts = Path(arguments.artifacts)
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "failure.png").unlink(missing_ok=True)
    try:
        # Chromium starts first, so that the page follows the replay from close to its start.
        driver = start_chromium()
    except CheckFailed as failure:
        print("check-status-page: FAILED: %s" % failure, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        server = Server(Path(arguments.jar), Path(work))
        try:
            server.start()
            proxy = DroppingProxy(server.port)
            checks = StatusPageChecks(driver, server, proxy, artifacts)
            checks.run_all()
            proxy.close()
        except (CheckFailed, TimeoutException, WebDriverException) as failure:
            save_screenshot(driver, artifacts / "failure.png")
            report_failure(failure, driver, server)
            return 1
        finally:
            driver.quit()
            server.stop()
        if TOKEN in server.log():
            print("check-status-page: FAILED: the server logged the token", file=sys.stderr)
            return 1
    print("check-status-page: all %d checks passed" % checks.passed)
    return 0


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True, help="path of progress-server.jar")
    parser.add_argument("--artifacts", required=True, help="folder for the screenshots")
    return parser.parse_args()


def start_chromium():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--no-proxy-server",
        "--window-size=1000,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as failure:
        raise CheckFailed(
            "cannot start headless Chromium (%s) through %s: %s; check that Debian's chromium"
            " and chromium-driver are installed and of the same version"
            % (CHROMIUM, CHROMEDRIVER, failure.msg)
        ) from failure


class Server:
    """`progress-server serve` on a free port of 127.0.0.1, with the test token."""

    def __init__(self, jar, work):
        self.jar = jar
        self.out_path = work / "server.out"
        self.err_path = work / "server.err"
        self.process = None
        self.port = None
        self.runs = {}

    def start(self):
        # The page is what is tested here, so the server keeps its runs in memory.
        environment = {
            name: value for name, value in os.environ.items() if not name.startswith("PROGRESS_JDBC")
        }
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(
                ["java", "-jar", str(self.jar), "serve", "--port", "0", "--speed", SPEED,
                 "--seed", "42", "--token", TOKEN + "=status-page,demo,batch_progress:read"],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=environment)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self._read_start_lines():
            if self.process.poll() is not None:
                raise CheckFailed("the server exited with %d before it was ready: %s"
                                  % (self.process.returncode, self.log()))
            if time.monotonic() > deadline:
                raise CheckFailed("the server printed no port and runs within %d s: %s"
                                  % (START_TIMEOUT_SECONDS, self.output()))
            time.sleep(POLL_SECONDS)

    def _read_start_lines(self):
        for line in self.output().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "port":
                self.port = int(parts[1])
            elif len(parts) >= 4 and parts[0] == "run":
                self.runs[parts[1]] = {"kind": parts[2], "file": parts[3]}
            elif line.startswith("replaying "):
                return self.port is not None and len(self.runs) > 0
        return False

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get_json(self, path, token):
        """Returns the status and the JSON body of a GET request with a bearer token."""
        request = urllib.request.Request(self.url(path),
                                         headers={"Authorization": "Bearer " + token})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def output(self):
        return self.out_path.read_text(errors="replace")

    def log(self):
        return self.err_path.read_text(errors="replace")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class DroppingProxy:
    """A TCP proxy on a free port of 127.0.0.1 in front of the server, which can drop every open
    connection at once, as a network failure would. It notes how many stream requests carried a
    Last-Event-ID header, and keeps nothing else of what passes, the token included."""

    def __init__(self, server_port):
        self.server_port = server_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.connections = []
        self.resumed_streams = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.server_port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source, target, from_browser):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                lowered = data.lower()
                if from_browser and b"/batch_progress/stream" in lowered \
                        and b"\r\nlast-event-id:" in lowered:
                    with self.lock:
                        self.resumed_streams += 1
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def drop_all(self):
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def close(self):
        self.listener.close()
        self.drop_all()


class StatusPageChecks:
    """The checks, in order: the replay from its start to its end first, then the errors."""

    def __init__(self, driver, server, proxy, artifacts):
        self.driver = driver
        self.server = server
        self.proxy = proxy
        self.artifacts = artifacts
        self.passed = 0

    def page_url(self, path):
        return "http://127.0.0.1:%d%s" % (self.proxy.port, path)

    def run_all(self):
        self.check_replay()
        self.check_reload_resumes()
        self.check_wrong_token()
        self.check_unknown_run()
        self.check_browser_log()

    def check(self, condition, message):
        if not condition:
            raise CheckFailed(message)
        self.passed += 1

    def wait_for(self, condition, timeout, what):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=POLL_SECONDS).until(
                lambda driver: condition())
        except TimeoutException as failure:
            raise CheckFailed("timed out after %d s waiting for %s; cards: %s"
                              % (timeout, what, self.cards())) from failure

    def cards(self):
        return self.driver.execute_script(READ_CARDS)

    def open_page(self, ids):
        query = "&".join("tracking_id=" + run_id for run_id in ids)
        self.driver.get(self.page_url("/status" + ("?" + query if query else "")))
        self.wait_for(lambda: self.driver.execute_script("return document.readyState") == "complete",
                      PAGE_TIMEOUT_SECONDS, "the page to load")

    def submit(self, token, extra_ids=()):
        token_field = self.driver.find_element(By.ID, "token")
        token_field.clear()
        token_field.send_keys(token)
        ids_field = self.driver.find_element(By.ID, "tracking-ids")
        for run_id in extra_ids:
            ids_field.send_keys("\n" + run_id)
        self.driver.find_element(By.ID, "watch").click()

    def check_wrong_token(self):
        run_id = next(iter(self.server.runs))
        status, body = self.server.get_json("/batch_progress?tracking_id=" + run_id, "wrong")
        self.check(status == 401, "a wrong token got %d from the server; expected 401" % status)
        self.open_page([run_id])
        self.submit("wrong")
        expected = "401: " + body["detail"]
        self.wait_for(lambda: self.card_shows(run_id, "error", expected), PAGE_TIMEOUT_SECONDS,
                      "the card of %s to show %r" % (run_id, expected))
        page_message = self.driver.find_element(By.ID, "page-message").text
        self.check(expected in page_message,
                   "the page message is %r; expected it to contain %r" % (page_message, expected))

    def check_unknown_run(self):
        status, body = self.server.get_json("/batch_progress?tracking_id=" + UNKNOWN_RUN, TOKEN)
        self.check(status == 400, "an unknown run got %d from the server; expected 400" % status)
        self.open_page([UNKNOWN_RUN])
        self.submit(TOKEN)
        expected = "400: " + body["detail"]
        self.wait_for(lambda: self.card_shows(UNKNOWN_RUN, "error", expected),
                      PAGE_TIMEOUT_SECONDS, "the card of the unknown run to show %r" % expected)

    def card_shows(self, run_id, state, message):
        return any(card["id"] == run_id and card["state"] == state and card["message"] == message
                   for card in self.cards())

    def check_replay(self):
        ids = list(self.server.runs)
        from_url, typed = ids[:2], ids[2:]
        self.open_page(from_url)
        self.check(self.driver.title == "Batch progress",
                   "the page at /status has the title %r; expected 'Batch progress'"
                   % self.driver.title)
        prefilled = self.driver.find_element(By.ID, "tracking-ids").get_property("value")
        self.check(prefilled.split() == from_url,
                   "the id field holds %r; expected the query's ids %r" % (prefilled, from_url))
        self.submit(TOKEN, typed)
        stored = self.driver.execute_script(
            "return sessionStorage.getItem('batch-progress-token')")
        self.check(stored == TOKEN,
                   "session storage holds %r as the token; expected the token entered" % stored)
        address = self.driver.current_url
        self.check(TOKEN not in address, "the address %s contains the token" % address)
        self.check(all(run_id in address for run_id in ids),
                   "the address %s lacks some of the tracking ids %s" % (address, ids))

        history = {run_id: [] for run_id in ids}
        dropped = self.follow_replay(ids, history)
        for run_id in ids:
            self.check_run_history(run_id, history[run_id])
        save_screenshot(self.driver, self.artifacts / "status-page-end.png")
        cards = self.cards()
        for card in cards:
            self.check_final_card(card)
        for card in cards:
            if card["id"] in dropped:
                self.check(card["reconnects"] > 0,
                           "run %s was running when its connection dropped, but the page counts"
                           " no reconnect: %s" % (card["id"], card))
        self.check(self.proxy.resumed_streams >= len(dropped),
                   "%d stream requests carried Last-Event-ID after %d streams dropped; expected"
                   " each to resume with it" % (self.proxy.resumed_streams, len(dropped)))

    def follow_replay(self, ids, history):
        """Records each card's percent until every run has ended, dropping connections once."""
        state = {"mid_screenshot": False, "dropped": None}

        def observe():
            cards = self.cards()
            for card in cards:
                if card["percent"] != "":
                    history[card["id"]].append((card["state"], int(card["percent"])))
            self.take_mid_screenshot(cards, state)
            self.drop_connection_once(cards, state)
            return len(cards) == len(ids) and all(card["state"] in FINAL_STATES
                                                  for card in cards)

        try:
            self.wait_for(observe, REPLAY_TIMEOUT_SECONDS, "every run to end")
        finally:
            with open(self.artifacts / "observed-percents.json", "w") as out:
                json.dump(history, out)
        self.check(state["mid_screenshot"],
                   "no moment of the replay showed every run with its bar partly filled")
        self.check(state["dropped"], "no run was running when the connections were dropped")
        return state["dropped"]

    def take_mid_screenshot(self, cards, state):
        """Saves the first moment where all but at most one run are running, between 25 and 90 %."""
        if state["mid_screenshot"] or len(cards) < len(self.server.runs):
            return
        running = [card for card in cards if card["state"] == "running"]
        others = [card for card in cards if card["state"] != "running"]
        if (len(running) >= 2 and len(others) <= 1
                and all(card["state"] == "complete" for card in others)
                and all(25 <= int(card["percent"] or 0) <= 90 for card in running)):
            save_screenshot(self.driver, self.artifacts / "status-page-replay.png")
            state["mid_screenshot"] = True

    def drop_connection_once(self, cards, state):
        """Drops every connection of the page once, right after the screenshot of the replay."""
        if state["dropped"] is not None or not state["mid_screenshot"]:
            return
        state["dropped"] = {card["id"] for card in cards if card["state"] == "running"}
        self.proxy.drop_all()

    def check_run_history(self, run_id, observed):
        run = self.server.runs[run_id]
        percents = [percent for _, percent in observed]
        self.check(len(percents) > 0, "run %s (%s) never showed a percent" % (run_id, run["file"]))
        partial = sorted({p for state, p in observed if state == "running" and 0 < p < 100})
        self.check(len(partial) >= 2 or run["file"] in BRIEF_RUNS,
                   "the bar of run %s (%s) showed the partial values %s while running; expected"
                   " it to advance through at least two" % (run_id, run["file"], partial))
        backwards = [(a, b) for a, b in zip(percents, percents[1:]) if b < a]
        self.check(not backwards,
                   "the bar of run %s (%s) went back: %s" % (run_id, run["file"], backwards))

    def check_final_card(self, card):
        run = self.server.runs[card["id"]]
        status, answer = self.server.get_json("/batch_progress?tracking_id=" + card["id"], TOKEN)
        self.check(status == 200, "run %s got %d; expected 200" % (card["id"], status))
        self.check(answer["complete"] is True, "run %s is not complete on the server: %s"
                   % (card["id"], answer))
        self.check(card["state"] == "complete" and card["percent"] == "100" and card["bar"] == 100,
                   "the card of run %s (%s) ends as %s; expected complete at 100 %%"
                   % (card["id"], run["file"], card))
        if run["kind"] == "batch_process":
            expected = "Stage %d of %d, 100 %% of the stage done" % (answer["n_stages"],
                                                                     answer["n_stages"])
        else:
            expected = "%d facilities: %d completed, %d failed (%d not geocoded), 0 in flight" % (
                answer["total_number_of_facilities"],
                answer["total_number_of_facilities_completed"],
                answer["total_number_of_facilities_failed"],
                answer["total_number_of_ungeocoded_facilities"])
        self.check(card["detail"] == expected, "the card of run %s shows %r; expected %r"
                   % (card["id"], card["detail"], expected))
        self.check(card["message"] == "", "the card of run %s still shows the message %r"
                   % (card["id"], card["message"]))

    def check_reload_resumes(self):
        """A reload keeps the ids of the address and the token of the session, and resumes."""
        ids = list(self.server.runs)
        self.driver.refresh()
        self.wait_for(lambda: len(self.cards()) == len(ids) and all(
            card["state"] == "complete" and card["percent"] == "100" for card in self.cards()),
            PAGE_TIMEOUT_SECONDS, "the reloaded page to show every run complete")
        self.passed += 1

    def check_browser_log(self):
        severe = [entry for entry in self.driver.get_log("browser")
                  if entry["level"] == "SEVERE" and not self.expected_error(entry["message"])]
        self.check(not severe, "the browser reported errors: %s" % severe)

    @staticmethod
    def expected_error(message):
        # The error checks cause 401 and 400 answers, and the dropped connections cut streams
        # short; Chromium logs each. Anything else, such as a CSP violation, is a fault.
        return "/batch_progress/stream" in message and (
            "401" in message or "400" in message or "ERR_INCOMPLETE_CHUNKED_ENCODING" in message)


def save_screenshot(driver, path):
    try:
        driver.save_screenshot(str(path))
        print("check-status-page: saved %s" % path)
    except WebDriverException as failure:
        print("check-status-page: cannot save %s: %s" % (path, failure.msg), file=sys.stderr)


def report_failure(failure, driver, server):
    print("check-status-page: FAILED: %s" % failure, file=sys.stderr)
    if driver is not None:
        try:
            for entry in driver.get_log("browser"):
                print("check-status-page: browser log: %s" % entry, file=sys.stderr)
        except WebDriverException:
            pass
    print("check-status-page: server output:\n%s\nserver log:\n%s"
          % (server.output(), server.log()), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
