package dev.batchprogress.server.watch;

import static dev.batchprogress.server.watch.ScriptedServer.answer;
import static dev.batchprogress.server.watch.ScriptedServer.json;
import static dev.batchprogress.server.watch.ScriptedServer.notModified;
import static dev.batchprogress.server.watch.ScriptedServer.silentStream;
import static dev.batchprogress.server.watch.ScriptedServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watcher against scripted servers whose streams drop, fall silent or fail on cue. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatcherTest {

    private static final String TOKEN = "s3cret-token";
    private static final String RUN =
            "0x3b408d0583992b85f049048189ae6242c959d44651e697d288837b2f376c7cf0";
    private static final ProgressJson JSON = ProgressJson.create();

    private static final BatchProcessProgress RUNNING =
            new BatchProcessProgress(4, 2, 50, false, false, 37, null);
    private static final BatchProcessProgress LATER =
            new BatchProcessProgress(4, 3, 10, false, false, 52, null);
    private static final BatchProcessProgress DONE =
            new BatchProcessProgress(4, 4, 100, false, true, 100, null);

    /** Records what the watcher shows. */
    private static final class Recorded implements WatchDisplay {
        final List<Progress> answers = new ArrayList<>();
        final List<String> notices = new ArrayList<>();

        @Override
        public void progress(Progress progress) {
            answers.add(progress);
        }

        @Override
        public void notice(String message) {
            notices.add(message);
        }
    }

    private final Recorded display = new Recorded();
    private ScriptedServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String event(String id, String type, Progress progress) {
        return "id: " + id + "\nevent: " + type + "\ndata: " + JSON.toJson(progress) + "\n\n";
    }

    private WatchSettings.Builder settings() {
        return WatchSettings.builder(server.url(), TOKEN, WatchQuery.ofTrackingId(RUN))
                .interval(Duration.ofMillis(20))
                .reconnectDelay(Duration.ofMillis(10))
                .attempts(3);
    }

    private Progress watch(WatchSettings.Builder settings) throws Exception {
        return new Watcher(settings.build(), display).watch();
    }

    @Test
    void stream_endsWithEndEvent() throws Exception {
        server =
                ScriptedServer.start(
                        stream(
                                "retry: 10\n\n"
                                        + event("bp1-a", "progress", RUNNING)
                                        + ": heartbeat\n\n"
                                        + event("bp1-b", "end", DONE)));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        assertThat(display.answers).containsExactly(RUNNING, DONE);
        assertThat(display.notices).isEmpty();
        ScriptedServer.Request request = server.requests().get(0);
        assertThat(request.target()).isEqualTo("/batch_progress/stream?tracking_id=" + RUN);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).isEqualTo("text/event-stream");
        assertThat(request.header("Last-Event-ID")).isNull();
    }

    @Test
    void droppedStream_resumesWithLastEventId() throws Exception {
        server =
                ScriptedServer.start(
                        stream(event("bp1-a", "progress", RUNNING)),
                        stream(event("bp1-b", "end", DONE)));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("bp1-a");
        assertThat(display.notices)
                .singleElement()
                .asString()
                .contains("the server closed the stream before the run finished")
                .contains("reconnecting in 10ms, attempt 2 of 3");
    }

    @Test
    void silentStream_isDroppedAfterIdleTimeout() throws Exception {
        server =
                ScriptedServer.start(
                        silentStream(event("bp1-a", "progress", RUNNING)),
                        stream(event("bp1-b", "end", DONE)));

        // Long enough for the first event to arrive in a JVM that is still loading classes.
        Progress result = watch(settings().idleTimeout(Duration.ofSeconds(2)));

        assertThat(result).isEqualTo(DONE);
        assertThat(display.answers).containsExactly(RUNNING, DONE);
        assertThat(display.notices.get(0)).contains("no event or heartbeat for 2s");
        assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("bp1-a");
    }

    @Test
    void repeatedUnchangedAnswer_countsAsFailure() throws Exception {
        server =
                ScriptedServer.start(
                        stream(event("bp1-a", "progress", RUNNING)),
                        stream(event("bp1-a", "progress", RUNNING)),
                        stream(event("bp1-a", "progress", RUNNING)),
                        answer(200, "application/json", JSON.toJson(DONE), "\"bp1-b\""));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        assertThat(server.requests().get(3).target()).startsWith("/batch_progress?");
        assertThat(display.notices.get(2)).startsWith("the stream failed 3 times in a row");
    }

    @Test
    void retryOfStream_setsLaterDelays() throws Exception {
        server =
                ScriptedServer.start(
                        stream("retry: 10\n\n" + event("bp1-a", "progress", RUNNING)),
                        stream(""),
                        stream(event("bp1-b", "end", DONE)));

        Progress result = watch(settings().reconnectDelay(Duration.ofSeconds(5)));

        assertThat(result).isEqualTo(DONE);
        assertThat(display.notices).hasSize(2);
        assertThat(display.notices.get(0)).endsWith("reconnecting in 10ms, attempt 2 of 3");
        assertThat(display.notices.get(1)).endsWith("reconnecting in 20ms, attempt 3 of 3");
    }

    @Test
    void errorEvent_endsWatchWithDetail() throws Exception {
        server =
                ScriptedServer.start(
                        stream(
                                event("bp1-a", "progress", RUNNING)
                                        + "event: error\ndata: {\"detail\":\"Run vanished\"}\n\n"));

        assertThatThrownBy(() -> watch(settings()))
                .isInstanceOf(WatchException.class)
                .hasMessage(
                        "the stream at /batch_progress/stream ended with an error: Run vanished");
    }

    @Test
    void missingStream_pollsWithTagOfLastEvent() throws Exception {
        server =
                ScriptedServer.start(
                        stream(event("bp1-a", "progress", RUNNING)),
                        json(404, "{\"detail\":\"Not Found\"}"),
                        notModified("\"bp1-a\""),
                        answer(200, "application/json", JSON.toJson(DONE), "\"bp1-b\""));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        List<ScriptedServer.Request> requests = server.requests();
        assertThat(requests).hasSize(4);
        assertThat(requests.get(2).target()).isEqualTo("/batch_progress?tracking_id=" + RUN);
        assertThat(requests.get(2).header("If-None-Match")).isEqualTo("\"bp1-a\"");
        assertThat(requests.get(3).header("If-None-Match")).isEqualTo("\"bp1-a\"");
        assertThat(display.notices.get(1))
                .isEqualTo(
                        "GET "
                                + server.url()
                                + "/batch_progress/stream answered 404 Not Found; polling "
                                + server.url()
                                + "/batch_progress every 20ms");
    }

    @Test
    void failingStream_fallsBackToPolling() throws Exception {
        server =
                ScriptedServer.start(
                        stream(""),
                        stream(""),
                        stream(""),
                        answer(200, "application/json", JSON.toJson(RUNNING), "\"t1\""),
                        notModified("\"t1\""),
                        answer(200, "application/json", JSON.toJson(DONE), "\"t2\""));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        List<ScriptedServer.Request> requests = server.requests();
        assertThat(requests).hasSize(6);
        assertThat(requests.get(3).header("If-None-Match")).isNull();
        assertThat(requests.get(4).header("If-None-Match")).isEqualTo("\"t1\"");
        assertThat(requests.get(5).header("If-None-Match")).isEqualTo("\"t1\"");
        assertThat(display.notices).hasSize(3);
        assertThat(display.notices.get(2)).startsWith("the stream failed 3 times in a row");
        assertThat(display.answers).containsExactly(RUNNING, DONE);
    }

    @Test
    void noStream_pollsFromStart() throws Exception {
        server =
                ScriptedServer.start(
                        answer(200, "application/json", JSON.toJson(RUNNING), "\"t1\""),
                        notModified("\"t1\""),
                        answer(200, "application/json", JSON.toJson(LATER), "\"t2\""),
                        answer(200, "application/json", JSON.toJson(DONE), "\"t3\""));

        Progress result = watch(settings().stream(false));

        assertThat(result).isEqualTo(DONE);
        assertThat(display.answers).containsExactly(RUNNING, LATER, DONE);
        assertThat(server.requests())
                .extracting(ScriptedServer.Request::target)
                .containsOnly("/batch_progress?tracking_id=" + RUN);
        assertThat(server.requests().get(3).header("If-None-Match")).isEqualTo("\"t2\"");
    }

    @Test
    void rejectedStream_endsWatchWithStatusAndDetail() throws Exception {
        server = ScriptedServer.start(json(401, "{\"detail\":\"Not authenticated\"}"));

        assertThatThrownBy(() -> watch(settings()))
                .isInstanceOf(WatchException.class)
                .hasMessage(
                        "GET "
                                + server.url()
                                + "/batch_progress/stream answered 401 Unauthorized: Not"
                                + " authenticated");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void validationDetail_isQuotedByMessage() throws Exception {
        server =
                ScriptedServer.start(
                        json(
                                422,
                                "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\","
                                        + "\"dummy_data\"],\"msg\":\"Input should be a valid"
                                        + " boolean\",\"input\":\"x\"}]}"));

        assertThatThrownBy(() -> watch(settings().stream(false)))
                .hasMessageEndingWith(
                        "/batch_progress answered 422 Unprocessable Content: Input should be a"
                                + " valid boolean");
    }

    @Test
    void htmlErrorPage_endsWatchWithStatusOnly() throws Exception {
        server = ScriptedServer.start(answer(502, "text/html", "<html>bad gateway</html>", ""));

        assertThatThrownBy(() -> watch(settings()))
                .hasMessageEndingWith("/batch_progress/stream answered 502 Bad Gateway");
    }

    @Test
    void controlCharactersOfDetail_areReplaced() throws Exception {
        server = ScriptedServer.start(json(400, "{\"detail\":\"bad\\u001b[2Jid\"}"));

        assertThatThrownBy(() -> watch(settings()))
                .hasMessageEndingWith("answered 400 Bad Request: bad?[2Jid");
    }

    @Test
    void serviceUnavailableAfterAnswer_isRetried() throws Exception {
        server =
                ScriptedServer.start(
                        answer(200, "application/json", JSON.toJson(RUNNING), "\"t1\""),
                        json(503, "{\"detail\":\"Run state is temporarily unavailable\"}"),
                        answer(200, "application/json", JSON.toJson(DONE), "\"t2\""));

        Progress result = watch(settings().stream(false));

        assertThat(result).isEqualTo(DONE);
        assertThat(display.notices)
                .containsExactly(
                        "poll failed (503 Service Unavailable: Run state is temporarily"
                                + " unavailable); retrying in 20ms, attempt 2 of 3");
    }

    @Test
    void serviceUnavailableBeforeAnswer_endsWatch() throws Exception {
        server =
                ScriptedServer.start(
                        json(503, "{\"detail\":\"Run state is temporarily unavailable\"}"));

        assertThatThrownBy(() -> watch(settings().stream(false)))
                .hasMessageEndingWith(
                        "answered 503 Service Unavailable: Run state is temporarily unavailable");
    }

    @Test
    void repeatedFailuresWhilePolling_endWatch() throws Exception {
        server =
                ScriptedServer.start(
                        answer(200, "application/json", JSON.toJson(RUNNING), "\"t1\""),
                        json(503, "{\"detail\":\"Run state is temporarily unavailable\"}"));

        assertThatThrownBy(() -> watch(settings().stream(false)))
                .hasMessage(
                        "polling "
                                + server.url()
                                + "/batch_progress failed 3 times in a row: 503 Service"
                                + " Unavailable: Run state is temporarily unavailable");
    }

    @Test
    void invalidAnswer_endsWatch() throws Exception {
        server = ScriptedServer.start(stream("event: progress\ndata: {\"complete\":1}\n\n"));

        assertThatThrownBy(() -> watch(settings()))
                .hasMessage(
                        "the server sent a progress event that is not a progress answer:"
                                + " {\"complete\":1}");
    }

    @Test
    void unfinishedEndEvent_isFollowedFurther() throws Exception {
        server =
                ScriptedServer.start(
                        stream(event("bp1-a", "end", RUNNING)),
                        stream(event("bp1-b", "end", DONE)));

        Progress result = watch(settings());

        assertThat(result).isEqualTo(DONE);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void equalAnswers_areShownOnce() throws Exception {
        server =
                ScriptedServer.start(
                        stream(
                                event("bp1-a", "progress", RUNNING)
                                        + event("bp1-b", "progress", RUNNING)
                                        + event("bp1-c", "custom", LATER)
                                        + event("bp1-d", "end", DONE)));

        watch(settings());

        assertThat(display.answers).containsExactly(RUNNING, DONE);
    }

    @Test
    void supplyShedWithFailures_isFinished() throws Exception {
        SupplyShedProgress done = new SupplyShedProgress(true, 10, 2, 4, 6, 0, 0, 0, null);
        server = ScriptedServer.start(stream(event("bp1-a", "end", done)));

        Progress result =
                new Watcher(
                                WatchSettings.builder(
                                                server.url(),
                                                TOKEN,
                                                WatchQuery.ofTrackingIds(List.of("a b", "c&d")))
                                        .build(),
                                display)
                        .watch();

        assertThat(result).isEqualTo(done);
        assertThat(server.requests().get(0).target())
                .isEqualTo("/batch_progress/stream?tracking_ids=a+b&tracking_ids=c%26d");
    }

    @Test
    void timeout_endsWatchWhileRunInProgress() throws Exception {
        server =
                ScriptedServer.start(
                        answer(200, "application/json", JSON.toJson(RUNNING), "\"t1\""));

        assertThatThrownBy(() -> watch(settings().stream(false).timeout(Duration.ofMillis(300))))
                .hasMessage("timed out after 300ms; the run is still in progress");
    }
}
