package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.http.ProgressHttpServer;
import dev.batchprogress.server.replay.ReplaySettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standalone server over real HTTP: one server whose replay has finished, so every response is
 * stable.
 */
class ServeOverHttpTest {

    private static final String JSON = "application/json";

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

    /** Returns a {@code tracking_ids} query of the given ids, in order. */
    private static String trackingIdsQuery(List<String> ids) {
        StringBuilder target = new StringBuilder("/batch_progress?");
        for (int i = 0; i < ids.size(); i++) {
            target.append(i == 0 ? "" : "&").append("tracking_ids=").append(ids.get(i));
        }
        return target.toString();
    }

    /** Returns 1000 values that alternate between the two supply shed runs. */
    private static List<String> thousandSupplyShedIds() {
        List<TrackingId> supplySheds = server.ids(RunKind.BATCH_SUPPLY_SHED);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(supplySheds.get(i % 2).value());
        }
        return ids;
    }

    @Nested
    class Answers {

        @Test
        void trackingId_answersTheReplayedRun() {
            HttpResponse<String> response =
                    server.get("/batch_progress?tracking_id=" + server.id("Indonesia.csv"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .isEqualTo(
                            "{\"complete\":true,\"total_number_of_facilities\":352,"
                                    + "\"total_number_of_ungeocoded_facilities\":161,"
                                    + "\"total_number_of_facilities_failed\":163,"
                                    + "\"total_number_of_facilities_completed\":189,"
                                    + "\"total_number_of_facilities_queued\":0,"
                                    + "\"total_number_of_facilities_preprocessing\":0,"
                                    + "\"total_number_of_facilities_processing\":0,"
                                    + "\"skip_reason\":null}");
            assertThat(response.headers().firstValue("Content-Type")).contains(JSON);
            assertThat(response.headers().firstValue("Cache-Control"))
                    .contains("private, no-cache");
        }

        @Test
        void otherOrganization_seesNoReplayedRun() {
            TrackingId run = server.id("Russia.csv");

            HttpResponse<String> response =
                    server.get(
                            "/batch_progress?tracking_id=" + run,
                            TestServer.OTHER_ORGANIZATION_TOKEN);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .isEqualTo(
                            "{\"detail\":\"Unable to find any batch runs for tracking_id: "
                                    + run
                                    + "\"}");
        }

        @Test
        void unknownToken_gets401() {
            HttpResponse<String> response =
                    server.get("/batch_progress?tracking_id=" + server.id("Russia.csv"), "nope");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Not authenticated\"}");
        }

        @Test
        void responses_haveNoServerHeader() {
            HttpResponse<String> answer = server.get("/batch_progress?tracking_id=x");
            RawHttp.Response rejected = RawHttp.get(server.port(), "/x y z");

            assertThat(answer.headers().firstValue("Server")).isEmpty();
            assertThat(rejected.header("Server")).isEmpty();
        }
    }

    @Nested
    class RequestSize {

        @Test
        void thousandIdQuery_succeeds() {
            String target = trackingIdsQuery(thousandSupplyShedIds());

            HttpResponse<String> response = server.get(target);
            HttpResponse<String> twoIds =
                    server.get(trackingIdsQuery(thousandSupplyShedIds().subList(0, 2)));

            assertThat(target.length()).isBetween(70_000, 90_000);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(twoIds.body());
            assertThat(response.body()).contains("\"total_number_of_facilities\":1185");
        }

        @Test
        void targetOf128KiB_reachesTheServlet() {
            String ids = trackingIdsQuery(thousandSupplyShedIds());
            String padding = "&pad=";
            int fill =
                    ProgressHttpServer.MAX_REQUEST_TARGET_BYTES - ids.length() - padding.length();
            String target = ids + padding + "p".repeat(fill);

            RawHttp.Response response =
                    RawHttp.get(
                            server.port(),
                            target,
                            "Authorization: Bearer " + TestServer.READER_TOKEN,
                            "X-Filler: " + "f".repeat(8 * 1024));

            assertThat(target.getBytes(StandardCharsets.US_ASCII)).hasSize(128 * 1024);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"total_number_of_facilities\":1185");
        }

        @Test
        void targetOverTheLimit_gets414Json() {
            String target =
                    "/batch_progress?pad="
                            + "p".repeat(ProgressHttpServer.REQUEST_HEADER_BYTES + 1024);

            RawHttp.Response response = RawHttp.get(server.port(), target);

            assertThat(response.status()).isEqualTo(414);
            assertThat(response.body()).isEqualTo("{\"detail\":\"URI Too Long\"}");
            assertThat(response.header("Content-Type")).contains(JSON);
            assertThat(response.header("Cache-Control")).contains("no-store");
        }

        @Test
        void hugeHeaders_get431Json() {
            RawHttp.Response response =
                    RawHttp.get(
                            server.port(),
                            "/batch_progress?tracking_id=x",
                            "X-Huge: " + "h".repeat(ProgressHttpServer.REQUEST_HEADER_BYTES));

            assertThat(response.status()).isEqualTo(431);
            assertThat(response.body())
                    .isEqualTo("{\"detail\":\"Request Header Fields Too Large\"}");
            assertThat(response.header("Content-Type")).contains(JSON);
            assertThat(response.header("Cache-Control")).contains("no-store");
        }

        @Test
        void manyHeadersOverTheLimit_get431Json() {
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                headers.add("X-Header-" + i + ": " + "v".repeat(1000));
            }

            RawHttp.Response response =
                    RawHttp.get(
                            server.port(),
                            "/batch_progress?tracking_id=x",
                            headers.toArray(String[]::new));

            assertThat(response.status()).isEqualTo(431);
            assertThat(response.body())
                    .isEqualTo("{\"detail\":\"Request Header Fields Too Large\"}");
        }
    }

    @Nested
    class MalformedRequests {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "GET /batch_progress HTTP/1.1 extra\r\nHost: x\r\n\r\n",
                    "GARBAGE\r\n\r\n",
                    "GET /batch_progress HTTP/9.9\r\nHost: x\r\n\r\n",
                    "GET /batch_progress\u0001 HTTP/1.1\r\nHost: x\r\n\r\n"
                })
        void malformedRequestLine_gets400Json(String request) {
            RawHttp.Response response =
                    RawHttp.exchange(server.port(), request.getBytes(StandardCharsets.ISO_8859_1));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Bad request\"}");
            assertThat(response.header("Content-Type")).contains(JSON);
            assertThat(response.header("Cache-Control")).contains("no-store");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "Header without colon",
                    "Content-Length: not-a-number",
                    " Folded: continuation line"
                })
        void malformedHeader_gets400Json(String header) {
            RawHttp.Response response =
                    RawHttp.get(server.port(), "/batch_progress?tracking_id=x", header);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Bad request\"}");
            assertThat(response.header("Content-Type")).contains(JSON);
            assertThat(response.header("Cache-Control")).contains("no-store");
        }

        @Test
        void rejection_hasNoStackTraceOrHtml() {
            RawHttp.Response response =
                    RawHttp.exchange(
                            server.port(),
                            "GET / HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

            assertThat(response.raw()).doesNotContain("<html", "Exception", "at org.");
        }
    }

    @Nested
    class OtherPaths {

        @ParameterizedTest
        @ValueSource(strings = {"/", "/other", "/batch_progressx", "/batch_progress/x", "/a/b?c=d"})
        void pathOutsideTheServlet_gets404Json(String target) {
            HttpResponse<String> response = server.get(target);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
            assertThat(response.headers().firstValue("Content-Type")).contains(JSON);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }

        @Test
        void headOfOtherPath_gets404WithoutBody() {
            RawHttp.Response response =
                    RawHttp.exchange(
                            server.port(),
                            "HEAD /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).isEmpty();
            assertThat(response.header("Content-Length")).contains("22");
        }

        @Test
        void ambiguousPath_gets400Json() {
            RawHttp.Response response = RawHttp.get(server.port(), "/batch_progress/%2e%2e/x");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"detail\":\"Bad request\"}");
        }
    }
}
