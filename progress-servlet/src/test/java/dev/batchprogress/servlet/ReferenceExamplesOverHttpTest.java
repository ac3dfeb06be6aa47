package dev.batchprogress.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The published example payloads, sent over HTTP byte for byte. */
class ReferenceExamplesOverHttpTest {

    private static final TrackingId RUN = TrackingId.of(Fixtures.id(1000));

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void startServer() {
        server = JettyHarness.serveSource(store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<byte[]> get(String query) {
        return Http.get(server.uri("/batch_progress?" + query), Fixtures.READER_TOKEN);
    }

    @Nested
    class RecordedRuns {

        @ParameterizedTest
        @EnumSource(ReferenceExample.class)
        void trackingId_sendsExampleBytes(ReferenceExample example) {
            example.record(store, RUN);

            HttpResponse<byte[]> response = get("tracking_id=" + RUN.value());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response)).isEqualTo(example.json());
            assertThat(response.body()).isEqualTo(example.json().getBytes(UTF_8));
        }

        @ParameterizedTest
        @EnumSource(
                value = ReferenceExample.class,
                names = {"SUPPLY_SHED_IN_PROGRESS", "SUPPLY_SHED_COMPLETE", "SUPPLY_SHED_SKIPPED"})
        void trackingIds_ofOneRun_sendsExampleBytes(ReferenceExample example) {
            example.record(store, RUN);

            HttpResponse<byte[]> response = get("tracking_ids=" + RUN.value());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response)).isEqualTo(example.json());
        }

        @Test
        void firstClientExample_runsWithOnlyIdAndTokenChanged() {
            String run = "0xda47b7f12b109822e2604ebfc1669c514f43d4ae53b85c73e2ff6510127cd2d7";
            ReferenceExample.BATCH_PROCESS_HALF_OF_STAGE_TWO.record(store, TrackingId.of(run));

            HttpResponse<byte[]> response = get("tracking_id=" + run);

            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.BATCH_PROCESS_HALF_OF_STAGE_TWO.json());
        }
    }

    @Nested
    class DummyData {

        @Test
        void trackingId_sendsFirstBatchProcessExample() {
            HttpResponse<byte[]> response = get("tracking_id=anything&dummy_data=true");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.BATCH_PROCESS_HALF_OF_STAGE_TWO.json());
        }

        @Test
        void trackingIds_sendsSupplyShedInProgressExample() {
            HttpResponse<byte[]> response = get("tracking_ids=a&tracking_ids=b&dummy_data=1");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.SUPPLY_SHED_IN_PROGRESS.json());
        }

        @Test
        void filename_sendsFirstBatchProcessExample() {
            HttpResponse<byte[]> response = get("filename=" + Fixtures.id(1) + "&dummy_data=yes");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.BATCH_PROCESS_HALF_OF_STAGE_TWO.json());
        }
    }
}
