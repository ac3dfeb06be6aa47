package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the servlet logs, read through java.util.logging, the backend of {@link System.Logger} when
 * no other is installed. The servlet logs a record before it sends the response, so the records are
 * complete once the client has the response.
 */
class LoggingTest {

    private static final String RUN = id(1);
    private static final String MISSING = id(2);

    private final Logger servletLogger = Logger.getLogger(BatchProgressServlet.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    records.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void captureLogs() {
        servletLogger.setLevel(Level.ALL);
        servletLogger.addHandler(capture);
        ReferenceExample.BATCH_PROCESS_COMPLETE.record(store, TrackingId.of(RUN));
        server = JettyHarness.serveSource(store);
    }

    @AfterEach
    void stopCapture() {
        server.close();
        servletLogger.removeHandler(capture);
        servletLogger.setLevel(null);
    }

    private List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Test
    void answer_logsNothing() {
        Http.get(server.uri("/batch_progress?tracking_id=" + RUN), READER_TOKEN);

        assertThat(records).isEmpty();
    }

    @Test
    void clientError_logsOnceAtDebugWithSubjectAndIds() {
        Http.get(server.uri("/batch_progress?tracking_id=" + MISSING), READER_TOKEN);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.FINE);
        assertThat(records.get(0).getMessage()).contains("reader@acme").contains(MISSING);
    }

    @Test
    void unknownToken_isNeverLogged() {
        Http.send(
                "GET",
                server.uri("/batch_progress?tracking_id=" + RUN),
                "Authorization",
                "Bearer guessed-secret-42");

        assertThat(records).hasSize(1);
        assertThat(messages()).noneMatch(message -> message.contains("guessed-secret-42"));
    }

    @Test
    void knownToken_isNeverLogged() {
        Http.get(server.uri("/batch_progress?tracking_id=" + MISSING), READER_TOKEN);

        assertThat(messages()).noneMatch(message -> message.contains(READER_TOKEN));
    }

    @Test
    void controlCharacterInId_isEscaped() {
        Http.get(server.uri("/batch_progress?tracking_id=a%0Ab"), READER_TOKEN);

        assertThat(messages())
                .singleElement()
                .asString()
                .contains("a\\u000ab")
                .doesNotContain("\n");
    }

    @Test
    void serverError_logsOnceAtErrorWithIdsAndCause() {
        IllegalStateException failure = new IllegalStateException("token service timed out");
        BatchProgressServlet servlet =
                BatchProgressServlet.builder(ProgressTracker.create(store))
                        .authenticator(
                                request -> {
                                    throw failure;
                                })
                        .build();
        try (JettyHarness failing = JettyHarness.serve(servlet)) {
            Http.get(failing.uri("/batch_progress?tracking_ids=" + RUN), READER_TOKEN);
        }

        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.SEVERE);
        assertThat(records.get(0).getMessage()).contains(RUN);
        assertThat(records.get(0).getThrown()).isSameAs(failure);
    }
}
