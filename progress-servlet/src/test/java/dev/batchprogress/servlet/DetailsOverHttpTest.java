package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.GLOBEX_TOKEN;
import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /batch_progress/details} over real HTTP, beside {@code /batch_progress}. */
class DetailsOverHttpTest {

    private static final String BATCH = id(1);
    private static final String SHED = id(2);
    private static final String OTHER_SHED = id(3);
    private static final String FILE = id(4);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final RecordingServletMetrics metrics = new RecordingServletMetrics();
    private JettyHarness server;
    private JettyHarness downServer;

    @BeforeEach
    void startServers() {
        store.register(
                RunRegistration.batchProcess(
                                TrackingId.of(BATCH), Fixtures.ACME, Pipeline.BATCH_PROCESS)
                        .withFilename(TrackingId.of(FILE)));
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(SHED), Fixtures.ACME, Pipeline.SUPPLY_SHED, 3));
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(OTHER_SHED), Fixtures.ACME, Pipeline.SUPPLY_SHED, 2));
        store.startStage(TrackingId.of(BATCH), 1);
        store.moveFacility(TrackingId.of(SHED), 0, "detect_plots");
        server =
                JettyHarness.serve(
                        BatchProgressServlet.builder(ProgressTracker.create(store))
                                .authenticator(Fixtures.authenticator())
                                .metrics(metrics)
                                .build());
        downServer = JettyHarness.serveSource(Sources.unavailable());
    }

    @AfterEach
    void stopServers() {
        server.close();
        downServer.close();
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.bodyText(), e);
        }
    }

    /** Returns the response's header lines without {@code Date}, which changes every second. */
    private static List<Map.Entry<String, String>> headersWithoutDate(RawHttp.Response response) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        headers.removeIf(header -> header.getKey().equalsIgnoreCase("Date"));
        return headers;
    }

    @Nested
    class Answers {

        @Test
        void batchProcess_answersProgressAndStages() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress/details?tracking_id=" + BATCH,
                            bearer(READER_TOKEN));
            RawHttp.Response progress =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + BATCH,
                            bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).contains("application/json");
            assertThat(response.header("Cache-Control")).contains("private, no-cache");
            JsonNode body = json(response);
            assertThat(body.get("progress")).isEqualTo(json(progress));
            JsonNode run = body.get("runs").get(0);
            assertThat(run.get("tracking_id").asText()).isEqualTo(BATCH);
            assertThat(run.get("kind").asText()).isEqualTo("batch_process");
            assertThat(run.get("stages")).hasSize(4);
            assertThat(run.get("stages").get(0).get("state").asText()).isEqualTo("running");
            assertThat(run.get("eta").get("state").asText()).isEqualTo("unknown");
        }

        @Test
        void trackingIds_answerOneBreakdownPerRun() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress/details?tracking_ids="
                                    + SHED
                                    + "&tracking_ids[]="
                                    + OTHER_SHED
                                    + "&tracking_ids="
                                    + SHED,
                            bearer(READER_TOKEN));

            JsonNode runs = json(response).get("runs");
            assertThat(response.status()).isEqualTo(200);
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).get("tracking_id").asText()).isEqualTo(SHED);
            assertThat(runs.get(0).get("flows").get(1).get("facilities").asLong()).isEqualTo(1);
            assertThat(runs.get(1).get("tracking_id").asText()).isEqualTo(OTHER_SHED);
        }

        @Test
        void head_sendsGetHeadersWithoutBody() {
            String target = "/batch_progress/details?tracking_id=" + SHED;
            RawHttp.Response get = RawHttp.send(server.port(), "GET", target, bearer(READER_TOKEN));
            RawHttp.Response head =
                    RawHttp.send(server.port(), "HEAD", target, bearer(READER_TOKEN));

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("Content-Length")).isPresent();
            assertThat(head.body()).isEmpty();
        }
    }

    @Nested
    class SameErrorsAsProgress {

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                // BATCH, SHED, FILE and MISSING stand for the ids of this class.
                value = {
                    "GET|?tracking_id=BATCH|",
                    "GET|?tracking_id=BATCH|Bearer wrong",
                    "GET|?tracking_id=BATCH|NO_READ",
                    "GET||READER",
                    "GET|?tracking_id=a&filename=FILE|READER",
                    "GET|?tracking_id=a&tracking_id=b|READER",
                    "GET|?tracking_ids=&tracking_ids=|READER",
                    "GET|?filename=report.csv|READER",
                    "GET|?filename=MISSING|READER",
                    "GET|?tracking_id=MISSING|READER",
                    "GET|?tracking_id=SHED|GLOBEX",
                    "GET|?tracking_ids=SHED&tracking_ids=BATCH|READER",
                    "GET|?tracking_id=BATCH&dummy_data=maybe|READER",
                    "GET|?tracking_id=%zz|READER",
                    "POST|?tracking_id=BATCH|READER",
                    "DELETE|?tracking_id=BATCH|",
                    "HEAD|?tracking_id=MISSING|READER"
                })
        void errorResponse_equalsProgressResponse(String method, String query, String credentials) {
            String[] headers = headers(credentials);
            String suffix =
                    query == null
                            ? ""
                            : query.replace("BATCH", BATCH)
                                    .replace("SHED", SHED)
                                    .replace("FILE", FILE)
                                    .replace("MISSING", id(99));

            RawHttp.Response progress =
                    RawHttp.send(server.port(), method, "/batch_progress" + suffix, headers);
            RawHttp.Response details =
                    RawHttp.send(
                            server.port(), method, "/batch_progress/details" + suffix, headers);

            assertThat(progress.status()).as("status").isBetween(400, 499);
            assertThat(details.status()).as("status").isEqualTo(progress.status());
            assertThat(headersWithoutDate(details))
                    .as("headers")
                    .isEqualTo(headersWithoutDate(progress));
            assertThat(details.bodyText()).as("body").isEqualTo(progress.bodyText());
        }

        @Test
        void unavailableSource_answers503LikeProgress() {
            RawHttp.Response progress =
                    RawHttp.send(
                            downServer.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + BATCH,
                            bearer(READER_TOKEN));
            RawHttp.Response details =
                    RawHttp.send(
                            downServer.port(),
                            "GET",
                            "/batch_progress/details?tracking_id=" + BATCH,
                            bearer(READER_TOKEN));

            assertThat(details.status()).isEqualTo(503);
            assertThat(headersWithoutDate(details)).isEqualTo(headersWithoutDate(progress));
            assertThat(details.bodyText()).isEqualTo(progress.bodyText());
        }

        @Test
        void filename_isMarkedDeprecated() {
            RawHttp.Response details =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress/details?filename=" + FILE,
                            bearer(READER_TOKEN));

            assertThat(details.status()).isEqualTo(200);
            assertThat(details.header("Deprecation"))
                    .contains(BatchProgressServlet.DEFAULT_DEPRECATION);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/batch_progress/details/x",
                    "/batch_progress/detailsx",
                    "/batch_progress/details/",
                    "/batch_progress/Details"
                })
        void pathsBelowDetails_areNotFound(String path) {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            path + "?tracking_id=" + BATCH,
                            bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.bodyText()).isEqualTo("{\"detail\":\"Not Found\"}");
        }

        private String[] headers(String credentials) {
            if (credentials == null) {
                return new String[0];
            }
            return switch (credentials) {
                case "READER" -> new String[] {bearer(READER_TOKEN)};
                case "NO_READ" -> new String[] {bearer(NO_READ_TOKEN)};
                case "GLOBEX" -> new String[] {bearer(GLOBEX_TOKEN)};
                default -> new String[] {"Authorization: " + credentials};
            };
        }
    }

    @Nested
    class Metrics {

        @Test
        void everyResponse_isCountedByEndpointAndStatus() {
            RawHttp.send(
                    server.port(),
                    "GET",
                    "/batch_progress?tracking_id=" + BATCH,
                    bearer(READER_TOKEN));
            RawHttp.send(
                    server.port(),
                    "GET",
                    "/batch_progress/details?tracking_id=" + BATCH,
                    bearer(READER_TOKEN));
            RawHttp.send(server.port(), "GET", "/batch_progress/details?tracking_id=" + BATCH);
            RawHttp.send(server.port(), "GET", "/batch_progress/secret-path", bearer(READER_TOKEN));

            assertThat(metrics.responses())
                    .containsExactly(
                            "/batch_progress 200",
                            "/batch_progress/details 200",
                            "/batch_progress/details 401",
                            "other 404");
        }
    }
}
