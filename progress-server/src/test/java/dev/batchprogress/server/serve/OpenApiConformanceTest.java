package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.http.OpenApiServlet;
import dev.batchprogress.server.metrics.MetricsServlet;
import dev.batchprogress.server.replay.ReplaySettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real answers of the standalone server, after its replay, validated against the schemas the
 * OpenAPI document gives for their path and status. The two servlets outside the contract are
 * checked here too.
 */
class OpenApiConformanceTest {

    private static final OpenApiDocument DOCUMENT = OpenApiDocument.load();
    private static final List<String> PATHS = List.of("/batch_progress", "/batch_progress/details");

    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(TestServer.settings(ReplaySettings.UNPACED).build());
        server.service().replay().orElseThrow().completion().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A request to one of the two paths, the token it is sent with, and the status expected. */
    record Exchange(String path, String query, String token, int status) {
        @Override
        public String toString() {
            return status + " " + path + query;
        }
    }

    static Stream<Arguments> exchanges() {
        TrackingId batchProcess = server.ids(RunKind.BATCH_PROCESS).get(0);
        List<TrackingId> supplySheds = server.ids(RunKind.BATCH_SUPPLY_SHED);
        String reader = TestServer.READER_TOKEN;
        List<Exchange> exchanges = new ArrayList<>();
        for (String path : PATHS) {
            exchanges.add(new Exchange(path, "?tracking_id=" + batchProcess, reader, 200));
            exchanges.add(new Exchange(path, "?tracking_id=" + supplySheds.get(0), reader, 200));
            exchanges.add(
                    new Exchange(
                            path,
                            "?tracking_ids="
                                    + supplySheds.get(0)
                                    + "&tracking_ids="
                                    + supplySheds.get(1),
                            reader,
                            200));
            exchanges.add(new Exchange(path, "", reader, 400));
            exchanges.add(new Exchange(path, "?tracking_id=0x" + "0".repeat(64), reader, 400));
            exchanges.add(new Exchange(path, "?filename=report.csv", reader, 400));
            exchanges.add(new Exchange(path, "?tracking_id=" + batchProcess, "not-a-token", 401));
            exchanges.add(new Exchange(path + "/x", "?tracking_id=" + batchProcess, reader, 404));
            exchanges.add(
                    new Exchange(
                            path,
                            "?tracking_id=" + batchProcess + "&dummy_data=maybe",
                            reader,
                            422));
        }
        return exchanges.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void answer_validatesAgainstTheDocument(Exchange exchange) {
        HttpResponse<String> response =
                server.get(exchange.path() + exchange.query(), exchange.token());
        String documentedPath =
                exchange.path().endsWith("/x")
                        ? exchange.path().substring(0, exchange.path().length() - 2)
                        : exchange.path();
        JsonNode schema =
                DOCUMENT.responseSchema(documentedPath, exchange.status(), "application/json")
                        .orElseThrow();

        assertThat(response.statusCode()).isEqualTo(exchange.status());
        assertThat(DOCUMENT.validate(schema, OpenApiDocument.parse(response.body())))
                .as(response.body())
                .isEmpty();
    }

    @Test
    void detailsOfFinishedReplay_reportFinishedEstimates() {
        TrackingId run = server.ids(RunKind.BATCH_SUPPLY_SHED).get(0);

        JsonNode details =
                OpenApiDocument.parse(
                        server.get("/batch_progress/details?tracking_id=" + run).body());

        JsonNode eta = details.get("runs").get(0).get("eta");
        assertThat(eta.get("state").asText()).isEqualTo("finished");
        assertThat(eta.get("earliest_seconds").asLong()).isZero();
        assertThat(details.get("runs").get(0).get("elapsed_seconds").asLong()).isPositive();
    }

    @Test
    void openApiPath_servesTheDocumentWithoutToken() {
        HttpResponse<String> response = server.getWithoutToken("/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body())
                .isEqualTo(new String(OpenApiServlet.document(), StandardCharsets.UTF_8));
    }

    @Test
    void metricsPath_servesPrometheusTextWithoutToken() {
        server.get("/batch_progress?tracking_id=" + server.ids(RunKind.BATCH_PROCESS).get(0));
        server.get("/batch_progress/nothing-here");

        HttpResponse<String> response = server.getWithoutToken("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .contains(
                        "batch_progress_requests_seconds_count{endpoint=\"/batch_progress\","
                                + "status=\"200\"}")
                .contains(
                        "batch_progress_requests_seconds_count{endpoint=\"other\",status=\"404\"}")
                .contains(
                        "batch_progress_events_recorded_total{event=\"register\","
                                + "outcome=\"applied\"} 4.0")
                .contains("batch_progress_source_calls_seconds_count{operation=\"load\"")
                .contains("batch_progress_streams_open 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void metrics_nameNoRunOrganizationOrToken() {
        for (TrackingId run : server.ids(RunKind.BATCH_SUPPLY_SHED)) {
            server.get("/batch_progress?tracking_id=" + run);
        }

        String metrics = server.getWithoutToken("/metrics").body();

        for (TrackingId run : server.ids(RunKind.BATCH_SUPPLY_SHED)) {
            assertThat(metrics).doesNotContain(run.value());
        }
        assertThat(metrics)
                .doesNotContain("demo")
                .doesNotContain(TestServer.READER_TOKEN)
                .doesNotContain("nothing-here");
    }

    @Test
    void otherMethodsOnMetrics_get405Json() {
        assertThat(MetricsServlet.CONTENT_TYPE).startsWith("text/plain; version=0.0.4");
        RawHttp.Response response =
                RawHttp.exchange(
                        server.port(),
                        "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains("GET, HEAD");
        assertThat(response.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
    }
}
