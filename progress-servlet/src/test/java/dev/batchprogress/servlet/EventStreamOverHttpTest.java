package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /batch_progress/stream} over real HTTP. */
class EventStreamOverHttpTest {

    private static final TrackingId SHED = TrackingId.of(Fixtures.id(1));
    private static final TrackingId BATCH = TrackingId.of(Fixtures.id(2));
    private static final int FACILITIES = 3;
    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final int PER_CALLER = 2;

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final BatchProgressServlet servlet =
            BatchProgressServlet.builder(ProgressTracker.create(store))
                    .authenticator(Fixtures.authenticator())
                    .streams(INTERVAL, HEARTBEAT, PER_CALLER)
                    .build();
    private final JettyHarness server;

    EventStreamOverHttpTest() {
        store.register(
                RunRegistration.supplyShed(SHED, Fixtures.ACME, Pipeline.SUPPLY_SHED, FACILITIES));
        store.register(RunRegistration.batchProcess(BATCH, Fixtures.ACME, Pipeline.BATCH_PROCESS));
        server = JettyHarness.serve(servlet);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private URI stream(String query) {
        return server.uri("/batch_progress/stream?" + query);
    }

    private EventStreamClient follow(String query, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + READER_TOKEN;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return EventStreamClient.open(stream(query), all);
    }

    private HttpResponse<byte[]> progress(String query) {
        return Http.get(server.uri("/batch_progress?" + query), READER_TOKEN);
    }

    private static String unquoted(HttpResponse<?> response) {
        return response.headers().firstValue("ETag").orElseThrow().replace("\"", "");
    }

    @Test
    void followsARun_fromItsCurrentStateToTheEnd() throws InterruptedException {
        String query = "tracking_id=" + SHED.value();
        try (EventStreamClient client = follow(query)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("Content-Type"))
                    .contains("text/event-stream");
            assertThat(client.response().headers().firstValue("Cache-Control"))
                    .contains("no-store");

            EventStreamClient.Event first = client.nextEvent();
            HttpResponse<byte[]> now = progress(query);
            assertThat(first.name()).isEqualTo("progress");
            assertThat(first.data()).isEqualTo(Http.text(now));
            assertThat(first.id()).isEqualTo(unquoted(now));

            for (int facility = 0; facility < FACILITIES - 1; facility++) {
                store.failFacility(SHED, facility);
                EventStreamClient.Event change = client.nextEvent();
                assertThat(change.name()).isEqualTo("progress");
                assertThat(change.data())
                        .contains("\"total_number_of_facilities_failed\":" + (facility + 1));
            }
            store.markUngeocoded(SHED, FACILITIES - 1);

            EventStreamClient.Event end = client.nextEvent();
            HttpResponse<byte[]> finished = progress(query);
            assertThat(end.name()).isEqualTo("end");
            assertThat(end.data()).isEqualTo(Http.text(finished));
            assertThat(end.id()).isEqualTo(unquoted(finished));
            assertThat(client.awaitClosed()).isTrue();
        }
        assertThat(servlet.openStreams()).isZero();
    }

    @Test
    void failedBatchProcess_endsTheStream() throws InterruptedException {
        try (EventStreamClient client = follow("tracking_id=" + BATCH.value())) {
            assertThat(client.nextEvent().name()).isEqualTo("progress");

            store.startStage(BATCH, 1);
            store.failStage(BATCH, 1);

            EventStreamClient.Event last = client.nextEvent();
            while (last.name().equals("progress")) {
                last = client.nextEvent();
            }
            assertThat(last.name()).isEqualTo("end");
            assertThat(last.data()).contains("\"failed\":true");
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void dummyData_isOneEndEvent() throws InterruptedException {
        try (EventStreamClient client =
                follow("tracking_id=" + SHED.value() + "&dummy_data=true")) {
            EventStreamClient.Event only = client.nextEvent();

            assertThat(only.name()).isEqualTo("end");
            assertThat(only.data()).isEqualTo(Http.text(progress("tracking_id=x&dummy_data=true")));
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void firstField_isTheRetryDelay() throws InterruptedException {
        try (EventStreamClient client = follow("tracking_id=" + SHED.value())) {
            EventStreamClient.Event first = client.next(Duration.ofSeconds(5));

            assertThat(first).isEqualTo(new EventStreamClient.Event(null, "retry", "2000"));
        }
    }

    @Test
    void quietRun_getsHeartbeatComments() throws InterruptedException {
        try (EventStreamClient client = follow("tracking_id=" + SHED.value())) {
            client.nextEvent();

            EventStreamClient.Event next = client.next(Duration.ofSeconds(5));

            assertThat(next).isEqualTo(new EventStreamClient.Event(null, ":", "heartbeat"));
        }
    }

    @Test
    void resumingWithTheLastEventId_skipsWhatTheClientHas() throws InterruptedException {
        String query = "tracking_id=" + SHED.value();
        String held;
        try (EventStreamClient client = follow(query)) {
            held = client.nextEvent().id();
        }

        try (EventStreamClient resumed = follow(query, "Last-Event-ID", held)) {
            assertThat(resumed.status()).isEqualTo(200);
            store.failFacility(SHED, 0);

            EventStreamClient.Event next = resumed.nextEvent();
            assertThat(next.id()).isNotEqualTo(held);
            assertThat(next.data()).contains("\"total_number_of_facilities_failed\":1");
        }
    }

    @Test
    void resumingAfterTheRunEnded_getsTheFinalState() throws InterruptedException {
        String query = "tracking_id=" + SHED.value();
        String held;
        try (EventStreamClient client = follow(query)) {
            held = client.nextEvent().id();
        }
        for (int facility = 0; facility < FACILITIES; facility++) {
            store.failFacility(SHED, facility);
        }

        try (EventStreamClient resumed = follow(query, "Last-Event-ID", held)) {
            EventStreamClient.Event end = resumed.nextEvent();

            assertThat(end.name()).isEqualTo("end");
            assertThat(end.data()).isEqualTo(Http.text(progress(query)));
            assertThat(resumed.awaitClosed()).isTrue();
        }
    }

    @Test
    void errors_areTheProgressEndpointsBeforeAnyStreamStarts() {
        HttpResponse<byte[]> unauthenticated =
                Http.send("GET", stream("tracking_id=" + SHED.value()));
        HttpResponse<byte[]> missing = Http.get(stream("tracking_id=missing"), READER_TOKEN);
        HttpResponse<byte[]> noId = Http.get(stream("dummy_data=true"), READER_TOKEN);
        HttpResponse<byte[]> post =
                Http.send(
                        "POST",
                        stream("tracking_id=" + SHED.value()),
                        "Authorization",
                        "Bearer " + READER_TOKEN);
        HttpResponse<byte[]> below =
                Http.get(server.uri("/batch_progress/stream/x?tracking_id=a"), READER_TOKEN);

        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(Http.text(unauthenticated)).isEqualTo("{\"detail\":\"Not authenticated\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Http.text(missing)).isEqualTo(Http.text(progress("tracking_id=missing")));
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(below.statusCode()).isEqualTo(404);
        assertThat(servlet.openStreams()).isZero();
    }

    @Test
    void head_getsTheStreamHeadersWithoutOpeningOne() {
        HttpResponse<byte[]> head =
                Http.send(
                        "HEAD",
                        stream("tracking_id=" + SHED.value()),
                        "Authorization",
                        "Bearer " + READER_TOKEN);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(servlet.openStreams()).isZero();
    }

    @Test
    void beyondTheLimitPerCaller_gets429_untilAStreamCloses() throws InterruptedException {
        String query = "tracking_id=" + SHED.value();
        try (EventStreamClient first = follow(query);
                EventStreamClient second = follow(query)) {
            first.nextEvent();
            second.nextEvent();

            HttpResponse<byte[]> third = Http.get(stream(query), READER_TOKEN);

            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(Http.text(third)).isEqualTo("{\"detail\":\"Too many open streams\"}");
            try (EventStreamClient otherCaller =
                    EventStreamClient.open(
                            stream(query), "Authorization", "Bearer " + Fixtures.OPERATOR_TOKEN)) {
                assertThat(otherCaller.status()).isEqualTo(200);
            }
        }
        awaitNoOpenStreams();
        try (EventStreamClient again = follow(query)) {
            assertThat(again.status()).isEqualTo(200);
        }
    }

    @Test
    void destroyedServlet_endsOpenStreams() throws InterruptedException {
        try (EventStreamClient client = follow("tracking_id=" + SHED.value())) {
            client.nextEvent();

            servlet.endStreams();

            assertThat(client.awaitClosed()).isTrue();
            assertThat(Http.get(stream("tracking_id=" + SHED.value()), READER_TOKEN).statusCode())
                    .isEqualTo(503);
        }
    }

    /** Waits for the server to notice closed clients, which the next heartbeat reveals. */
    private void awaitNoOpenStreams() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (servlet.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(HEARTBEAT.toMillis() / 2);
        }
        assertThat(servlet.openStreams()).isZero();
    }
}
