package dev.batchprogress.server.watch;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.server.report.ProgressBars;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Follows the answer of {@code /batch_progress} for one query until it is finished: a batch process
 * complete or failed, supply shed runs complete, a skipped run.
 *
 * <p>The watcher first follows {@code GET /batch_progress/stream}. After a dropped connection it
 * reconnects with {@code Last-Event-ID}, waiting longer after each failure, and after {@link
 * WatchSettings#attempts()} failed connections in a row, or at once when the server has no stream
 * (404) or refuses another one (429), it polls {@code GET /batch_progress} with {@code
 * If-None-Match} at the settings' interval. Each answer that differs from the one before goes to
 * the {@link WatchDisplay}.
 *
 * <p>Until the first answer arrives, a connection that cannot be opened ends the watch at once, so
 * that a wrong URL fails fast. Later, dropped connections and 503 answers are retried. Every other
 * status from 400 up ends the watch with its detail.
 */
public final class Watcher {

    private final WatchSettings settings;
    private final ProgressClient client;
    private final WatchDisplay display;
    private final ProgressJson json = ProgressJson.create();
    private final long startNanos = System.nanoTime();
    private @Nullable Progress lastShown;
    private String lastEventId = "";
    private long retryMillis = -1;

    /**
     * Creates a watcher.
     *
     * @param settings what to watch and how
     * @param display where to show the answers
     */
    public Watcher(WatchSettings settings, WatchDisplay display) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.display = Objects.requireNonNull(display, "display");
        this.client = new ProgressClient(settings);
    }

    /**
     * Watches until the answer is finished.
     *
     * @return the final answer
     * @throws WatchException if the server rejects the request with a status from 400 up, cannot be
     *     reached, sends something that is not a progress answer, or the answer is not finished
     *     within the timeout; the message is one line that names the problem
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public Progress watch() throws WatchException, InterruptedException {
        if (settings.stream()) {
            Progress last = followStream();
            if (last != null) {
                return last;
            }
        }
        return poll();
    }

    /**
     * Returns whether an answer can no longer change: a batch process that completed, failed or was
     * skipped, or supply shed runs that are complete.
     */
    public static boolean finished(Progress progress) {
        if (progress instanceof BatchProcessProgress batchProcess) {
            return batchProcess.complete() || batchProcess.failed();
        }
        return ((SupplyShedProgress) progress).complete();
    }

    /**
     * Returns the label that displays put before the bar: the tracking id, shortened, or the number
     * of tracking ids of a combined query.
     */
    public static String label(WatchQuery query) {
        if (query.trackingIds().size() == 1) {
            return ProgressBars.label(query.trackingIds().get(0));
        }
        return query.trackingIds().size() + " tracking ids";
    }

    /** Returns the final answer of the stream, or null when the watcher should poll instead. */
    private @Nullable Progress followStream() throws WatchException, InterruptedException {
        int failures = 0;
        while (true) {
            EventStream stream = client.openStream(lastEventId);
            Connection connection;
            try {
                connection = follow(stream);
            } finally {
                stream.cancel();
            }
            if (connection.finalAnswer() != null) {
                return connection.finalAnswer();
            }
            if (connection.unavailable()) {
                display.notice(connection.reason() + "; polling" + pollingEvery());
                return null;
            }

            failures = connection.delivered() ? 1 : failures + 1;
            if (lastShown == null && connection.cannotConnect()) {
                throw new WatchException(cannotConnect(connection.reason()));
            }
            if (failures >= settings.attempts()) {
                display.notice(
                        "the stream failed "
                                + failures
                                + " times in a row ("
                                + connection.reason()
                                + "); polling"
                                + pollingEvery());
                return null;
            }
            if (stream.retryMillis() >= 0) {
                retryMillis = stream.retryMillis();
            }
            Duration delay = reconnectDelay(failures);
            display.notice(
                    "stream interrupted ("
                            + connection.reason()
                            + "); reconnecting in "
                            + format(delay)
                            + ", attempt "
                            + (failures + 1)
                            + " of "
                            + settings.attempts());
            pause(delay);
        }
    }

    /**
     * The end of one connection to the stream.
     *
     * @param finalAnswer the finished answer of an {@code end} event, or null
     * @param unavailable whether the server has no stream for the watcher, so it should poll
     * @param delivered whether the connection delivered an answer that differs from the one shown
     *     before, which resets the count of failures
     * @param cannotConnect whether the connection could not be opened at all
     * @param reason why the connection ended, for notices and messages
     */
    private record Connection(
            @Nullable Progress finalAnswer,
            boolean unavailable,
            boolean delivered,
            boolean cannotConnect,
            String reason) {

        static Connection finished(Progress answer) {
            return new Connection(answer, false, true, false, "the run finished");
        }

        static Connection unavailable(String reason) {
            return new Connection(null, true, false, false, reason);
        }

        static Connection dropped(String reason, boolean delivered, boolean cannotConnect) {
            return new Connection(null, false, delivered, cannotConnect, reason);
        }
    }

    private Connection follow(EventStream stream) throws WatchException, InterruptedException {
        boolean delivered = false;
        while (true) {
            long waitNanos = Math.min(settings.idleTimeout().toNanos(), remainingNanos());
            EventStream.Signal signal = stream.next(waitNanos);
            if (signal == null) {
                checkDeadline();
                return Connection.dropped(
                        "no event or heartbeat for " + format(settings.idleTimeout()),
                        delivered,
                        false);
            }
            if (signal instanceof EventStream.Event event) {
                Answer answer = onEvent(event.event());
                Progress finalAnswer = answer.finalAnswer();
                if (finalAnswer != null) {
                    return Connection.finished(finalAnswer);
                }
                delivered |= answer.changed();
            } else if (signal instanceof EventStream.Rejected rejected) {
                return onRejected(rejected);
            } else if (signal instanceof EventStream.Closed closed) {
                Throwable failure = closed.failure();
                if (failure == null) {
                    return Connection.dropped(
                            "the server closed the stream before the run finished",
                            delivered,
                            false);
                }
                return Connection.dropped(
                        Failures.describe(failure), delivered, Failures.cannotConnect(failure));
            }
            // A heartbeat only shows that the connection is alive.
        }
    }

    /**
     * The outcome of one event.
     *
     * @param changed whether the event carried an answer that differs from the one shown before
     * @param finalAnswer the finished answer that ends the watch, or null
     */
    private record Answer(boolean changed, @Nullable Progress finalAnswer) {

        static final Answer NONE = new Answer(false, null);
    }

    private Answer onEvent(ServerSentEvent event) throws WatchException {
        lastEventId = event.id();
        switch (event.type()) {
            case "progress" -> {
                Progress answer = read(event.data(), "a progress event");
                return new Answer(show(answer), null);
            }
            case "end" -> {
                Progress answer = read(event.data(), "an end event");
                // A server ends the stream only with a finished answer. Anything else is
                // followed further, as after a dropped connection.
                return new Answer(show(answer), finished(answer) ? answer : null);
            }
            case "error" ->
                    throw new WatchException(
                            "the stream at "
                                    + settings.streamUrl().getPath()
                                    + " ended with an error: "
                                    + Failures.detail("application/json", event.data()));
            default -> {
                // Other event types are ignored, so that servers can add some.
                return Answer.NONE;
            }
        }
    }

    private Connection onRejected(EventStream.Rejected rejected) throws WatchException {
        int status = rejected.status();
        if (status == 404 || status == 429) {
            return Connection.unavailable(
                    "GET "
                            + settings.baseUrl()
                            + "/batch_progress/stream answered "
                            + Failures.status(status, rejected.contentType(), rejected.body()));
        }
        if (status == 200) {
            return Connection.unavailable(
                    "GET "
                            + settings.baseUrl()
                            + "/batch_progress/stream answered with Content-Type '"
                            + Failures.shorten(rejected.contentType())
                            + "' instead of text/event-stream");
        }
        if (status == 503 && lastShown != null) {
            return Connection.dropped(
                    Failures.status(status, rejected.contentType(), rejected.body()), false, false);
        }
        throw new WatchException(
                "GET "
                        + settings.baseUrl()
                        + "/batch_progress/stream answered "
                        + Failures.status(status, rejected.contentType(), rejected.body()));
    }

    /** Polls until the answer is finished, and returns it. */
    private Progress poll() throws WatchException, InterruptedException {
        String entityTag = lastEventId.isEmpty() ? null : "\"" + lastEventId + "\"";
        int failures = 0;
        while (true) {
            String failure;
            try {
                // The request ends at the deadline at the latest, so a slow poll cannot stretch it.
                Duration timeout = Duration.ofNanos(Math.max(remainingNanos(), 1_000_000));
                ProgressClient.Poll response = client.poll(entityTag, timeout);
                int status = response.status();
                if (status == 200) {
                    Progress answer = read(response.body(), "the answer");
                    show(answer);
                    if (finished(answer)) {
                        return answer;
                    }
                    entityTag = response.entityTag();
                    failure = null;
                } else if (status == 304) {
                    // Not modified: the answer shown last is current. A server that answers 304 to
                    // a
                    // tag the watcher never showed gets asked without one.
                    entityTag = lastShown == null ? null : entityTag;
                    failure = null;
                } else if (status == 503 && lastShown != null) {
                    failure = Failures.status(status, response.contentType(), response.body());
                } else {
                    throw new WatchException(
                            "GET "
                                    + settings.baseUrl()
                                    + "/batch_progress answered "
                                    + Failures.status(
                                            status, response.contentType(), response.body()));
                }
            } catch (IOException e) {
                checkDeadline();
                if (lastShown == null && Failures.cannotConnect(e)) {
                    throw new WatchException(cannotConnect(Failures.describe(e)));
                }
                failure = Failures.describe(e);
            }

            failures = failure == null ? 0 : failures + 1;
            if (failures >= settings.attempts()) {
                throw new WatchException(
                        "polling "
                                + settings.baseUrl()
                                + "/batch_progress failed "
                                + failures
                                + " times in a row: "
                                + failure);
            }
            if (failure != null) {
                display.notice(
                        "poll failed ("
                                + failure
                                + "); retrying in "
                                + format(settings.interval())
                                + ", attempt "
                                + (failures + 1)
                                + " of "
                                + settings.attempts());
            }
            pause(settings.interval());
        }
    }

    private Progress read(String body, String what) throws WatchException {
        try {
            return json.readProgress(body);
        } catch (IllegalArgumentException e) {
            throw new WatchException(
                    "the server sent "
                            + what
                            + " that is not a progress answer: "
                            + Failures.shorten(body));
        }
    }

    /** Shows an answer unless it equals the one shown last, and returns whether it showed it. */
    private boolean show(Progress answer) {
        if (answer.equals(lastShown)) {
            return false;
        }
        lastShown = answer;
        display.progress(answer);
        return true;
    }

    private String cannotConnect(String reason) {
        return "cannot connect to " + settings.baseUrl() + ": " + reason;
    }

    private String pollingEvery() {
        return " " + settings.baseUrl() + "/batch_progress every " + format(settings.interval());
    }

    /**
     * Returns the wait before a reconnection: the stream's {@code retry} time or the settings'
     * delay, doubled for each failure after the first, at most {@link
     * WatchSettings#MAX_RECONNECT_DELAY}.
     */
    private Duration reconnectDelay(int failures) {
        long base = retryMillis >= 0 ? retryMillis : settings.reconnectDelay().toMillis();
        long max = WatchSettings.MAX_RECONNECT_DELAY.toMillis();
        long delay = Math.min(base, max);
        for (int i = 1; i < failures && delay < max; i++) {
            delay = Math.min(delay * 2, max);
        }
        return Duration.ofMillis(delay);
    }

    /** Sleeps for a duration, or until the deadline, and throws if the deadline has passed. */
    private void pause(Duration duration) throws WatchException, InterruptedException {
        long nanos = Math.min(duration.toNanos(), remainingNanos());
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
        checkDeadline();
    }

    private long remainingNanos() {
        Duration timeout = settings.timeout();
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        return timeout.toNanos() - (System.nanoTime() - startNanos);
    }

    private void checkDeadline() throws WatchException {
        Duration timeout = settings.timeout();
        if (timeout != null && remainingNanos() <= 0) {
            throw new WatchException(
                    "timed out after "
                            + format(timeout)
                            + (lastShown == null
                                    ? " before the first answer"
                                    : "; the run is still in progress"));
        }
    }

    /** Formats a duration for messages: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 10m}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
