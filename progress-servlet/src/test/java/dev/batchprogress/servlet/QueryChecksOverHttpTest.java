package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import java.net.http.HttpResponse;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query checks of the wire contract over HTTP, one nested class per check in the contract's
 * order, then the tests that show which check answers when a request breaks two. The detail strings
 * are written out here, not taken from the code under test.
 */
class QueryChecksOverHttpTest {

    private static final String BATCH_PROCESS = id(1);
    private static final String SUPPLY_SHED = id(2);
    private static final String OTHER_SUPPLY_SHED = id(3);
    private static final String MISSING = id(99);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void startServer() {
        ReferenceExample.BATCH_PROCESS_IN_PROGRESS.record(store, TrackingId.of(BATCH_PROCESS));
        ReferenceExample.SUPPLY_SHED_COMPLETE.record(store, TrackingId.of(SUPPLY_SHED));
        ReferenceExample.SUPPLY_SHED_SKIPPED.record(store, TrackingId.of(OTHER_SUPPLY_SHED));
        server = JettyHarness.serveSource(store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<byte[]> get(String query) {
        return Http.get(server.uri("/batch_progress?" + query), READER_TOKEN);
    }

    private RawHttp.Response rawGet(String target, String token) {
        return RawHttp.send(server.port(), "GET", target, bearer(token));
    }

    private static String detail(String detail) {
        return "{\"detail\":\"" + detail + "\"}";
    }

    private static String boolParsing(String input) {
        return "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"dummy_data\"],"
                + "\"msg\":\"Input should be a valid boolean, unable to interpret input\","
                + "\"input\":\""
                + input
                + "\"}]}";
    }

    private static void assertAnswer(HttpResponse<byte[]> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(Http.text(response)).isEqualTo(body);
    }

    private static void assertAnswer(RawHttp.Response response, int status, String body) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText()).isEqualTo(body);
    }

    @Nested
    class MethodNotGetOrHead {

        @ParameterizedTest
        @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
        void method_gets405WithAllow(String method) {
            HttpResponse<byte[]> response =
                    Http.send(
                            method,
                            server.uri("/batch_progress?tracking_id=" + BATCH_PROCESS),
                            "Authorization",
                            "Bearer " + READER_TOKEN);

            assertAnswer(response, 405, detail("Method Not Allowed"));
            assertThat(response.headers().allValues("Allow")).containsExactly("GET, HEAD");
        }
    }

    @Nested
    class NoValidCredentials {

        @Test
        void missingHeader_gets401WithBearerChallenge() {
            HttpResponse<byte[]> response =
                    Http.send("GET", server.uri("/batch_progress?tracking_id=" + BATCH_PROCESS));

            assertAnswer(response, 401, detail("Not authenticated"));
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        }
    }

    @Nested
    class NoReadPermission {

        @Test
        void callerWithoutRead_gets403() {
            HttpResponse<byte[]> response =
                    Http.get(
                            server.uri("/batch_progress?tracking_id=" + BATCH_PROCESS),
                            NO_READ_TOKEN);

            assertAnswer(response, 403, detail("Insufficient permissions"));
        }
    }

    @Nested
    class UndecodableQuery {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "tracking_id=%zz",
                    "tracking_id=%4",
                    "tracking_id=abc%",
                    "tracking_%xxid=a",
                    "tracking_id=%C3%28",
                    "tracking_id=%FF",
                    "tracking_id=%ED%A0%80"
                })
        void brokenEscapeOrInvalidUtf8_gets400(String query) {
            RawHttp.Response response = rawGet("/batch_progress?" + query, READER_TOKEN);

            assertAnswer(response, 400, detail("Invalid query string"));
        }

        @Test
        void rawByteThatIsNotUtf8_gets400() {
            byte[] target = "/batch_progress?tracking_id=0x\u00ff".getBytes(ISO_8859_1);

            RawHttp.Response response =
                    RawHttp.send(server.port(), "GET", target, bearer(READER_TOKEN));

            assertAnswer(response, 400, detail("Invalid query string"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"tracking_id=a%00b", "tracking_id=a%0Ab", "tracking%09id=a"})
        void controlCharacter_gets400(String query) {
            HttpResponse<byte[]> response = get(query);

            assertAnswer(response, 400, detail("Invalid query string"));
        }
    }

    @Nested
    class DummyDataNotBoolean {

        @Test
        void word_gets422WithFastApiList() {
            HttpResponse<byte[]> response =
                    get("tracking_id=" + BATCH_PROCESS + "&dummy_data=maybe");

            assertAnswer(response, 422, boolParsing("maybe"));
        }

        @Test
        void emptyValue_gets422WithEmptyInput() {
            HttpResponse<byte[]> response = get("tracking_id=" + BATCH_PROCESS + "&dummy_data=");

            assertAnswer(response, 422, boolParsing(""));
        }

        @Test
        void lastValueCounts_whenRepeated() {
            HttpResponse<byte[]> response =
                    get("tracking_id=" + BATCH_PROCESS + "&dummy_data=true&dummy_data=nope");

            assertAnswer(response, 422, boolParsing("nope"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "0", "no", "Off", "f", "N"})
        void falseSpelling_looksTheRunUp(String value) {
            HttpResponse<byte[]> response =
                    get("tracking_id=" + BATCH_PROCESS + "&dummy_data=" + value);

            assertAnswer(response, 200, ReferenceExample.BATCH_PROCESS_IN_PROGRESS.json());
        }
    }

    @Nested
    class NotExactlyOneIdParameter {

        private static final String EXACTLY_ONE =
                "Exactly one of filename, tracking_id, or tracking_ids must be provided";

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "unrelated=1",
                    "tracking_id=a&tracking_ids=b",
                    "tracking_id=a&filename=b",
                    "tracking_ids=a&filename=b",
                    "tracking_id=&tracking_ids=a",
                    "tracking_id=a&tracking_ids%5B%5D=b"
                })
        void query_gets400(String query) {
            HttpResponse<byte[]> response = get(query);

            assertAnswer(response, 400, detail(EXACTLY_ONE));
        }

        @Test
        void noQueryString_gets400() {
            HttpResponse<byte[]> response = Http.get(server.uri("/batch_progress"), READER_TOKEN);

            assertAnswer(response, 400, detail(EXACTLY_ONE));
        }
    }

    @Nested
    class RepeatedSingleParameter {

        @Test
        void trackingIdTwice_gets400() {
            HttpResponse<byte[]> response =
                    get("tracking_id=" + BATCH_PROCESS + "&tracking_id=" + BATCH_PROCESS);

            assertAnswer(response, 400, detail("tracking_id must be provided only once"));
        }

        @Test
        void filenameTwice_gets400() {
            HttpResponse<byte[]> response = get("filename=" + id(7) + "&filename=" + id(8));

            assertAnswer(response, 400, detail("filename must be provided only once"));
        }
    }

    @Nested
    class TrackingIdsCount {

        @Test
        void onlyEmptyValues_gets400() {
            HttpResponse<byte[]> response = get("tracking_ids=&tracking_ids%5B%5D=");

            assertAnswer(response, 400, detail("No tracking ids provided"));
        }

        @Test
        void emptyValuesAmongIds_areDropped() {
            HttpResponse<byte[]> response =
                    get("tracking_ids=&tracking_ids=" + SUPPLY_SHED + "&tracking_ids=");

            assertAnswer(response, 200, ReferenceExample.SUPPLY_SHED_COMPLETE.json());
        }

        @Test
        void thousandAndOneDistinctIds_gets400() {
            StringJoiner query = new StringJoiner("&");
            for (int i = 0; i < 1001; i++) {
                query.add("tracking_ids=" + id(5000 + i));
            }

            HttpResponse<byte[]> response = get(query.toString());

            assertAnswer(
                    response,
                    400,
                    detail("Too many tracking ids: 1001 given, at most 1000 allowed"));
        }
    }

    @Nested
    class FilenameNotAHash {

        @ParameterizedTest
        @ValueSource(strings = {"report.csv", "0x1234", "", "%200x" + "ab"})
        void filename_gets400(String filename) {
            HttpResponse<byte[]> response = get("filename=" + filename);

            assertAnswer(response, 400, detail("The filename is not a valid hash."));
        }
    }

    @Nested
    class DummyDataTrue {

        @Test
        void unknownId_getsFixedAnswerWithoutLookup() {
            HttpResponse<byte[]> response = get("tracking_id=" + MISSING + "&dummy_data=true");

            assertAnswer(response, 200, ReferenceExample.BATCH_PROCESS_HALF_OF_STAGE_TWO.json());
        }
    }

    @Nested
    class RunNotFound {

        @Test
        void trackingId_namesTheId() {
            HttpResponse<byte[]> response = get("tracking_id=" + MISSING);

            assertAnswer(
                    response,
                    400,
                    detail("Unable to find any batch runs for tracking_id: " + MISSING));
        }

        @Test
        void trackingIds_namesFirstMissingInRequestOrder() {
            HttpResponse<byte[]> response =
                    get(
                            "tracking_ids="
                                    + SUPPLY_SHED
                                    + "&tracking_ids="
                                    + id(98)
                                    + "&tracking_ids="
                                    + MISSING);

            assertAnswer(
                    response,
                    400,
                    detail("Unable to find any batch runs for tracking_id: " + id(98)));
        }

        @Test
        void filename_namesTheFilename() {
            HttpResponse<byte[]> response = get("filename=" + MISSING);

            assertAnswer(
                    response,
                    400,
                    detail("Unable to find any batch runs for tracking_id: " + MISSING));
        }

        @Test
        void longId_isEchoedCutTo128CodePoints() {
            String longId = "r".repeat(200);

            HttpResponse<byte[]> response = get("tracking_id=" + longId);

            assertAnswer(
                    response,
                    400,
                    detail("Unable to find any batch runs for tracking_id: " + "r".repeat(128)));
        }
    }

    @Nested
    class NotAllSupplySheds {

        @Test
        void batchProcessAmongTrackingIds_gets400() {
            HttpResponse<byte[]> response =
                    get("tracking_ids=" + SUPPLY_SHED + "&tracking_ids=" + BATCH_PROCESS);

            assertAnswer(
                    response, 400, detail("All tracking ids must be for batch supply shed runs"));
        }

        @Test
        void supplyShedsOnly_combineIntoOneAnswer() {
            HttpResponse<byte[]> response =
                    get("tracking_ids=" + SUPPLY_SHED + "&tracking_ids=" + OTHER_SUPPLY_SHED);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response)).contains("\"total_number_of_facilities\":200");
        }
    }

    /** Requests that break two checks get the answer of the earlier one. */
    @Nested
    class Order {

        @Test
        void otherPath_before405() {
            HttpResponse<byte[]> response = Http.send("POST", server.uri("/batch_progress/other"));

            assertAnswer(response, 404, detail("Not Found"));
        }

        @Test
        void method405_before401() {
            HttpResponse<byte[]> response =
                    Http.send("DELETE", server.uri("/batch_progress?tracking_id=" + MISSING));

            assertAnswer(response, 405, detail("Method Not Allowed"));
        }

        @Test
        void unauthenticated401_beforeUndecodableQuery() {
            RawHttp.Response response =
                    RawHttp.send(server.port(), "GET", "/batch_progress?tracking_id=%zz");

            assertAnswer(response, 401, detail("Not authenticated"));
        }

        @Test
        void unauthenticated401_beforeForbidden403() {
            HttpResponse<byte[]> response =
                    Http.send(
                            "GET",
                            server.uri("/batch_progress?tracking_id=" + BATCH_PROCESS),
                            "Authorization",
                            "Basic " + NO_READ_TOKEN);

            assertAnswer(response, 401, detail("Not authenticated"));
        }

        @Test
        void forbidden403_beforeUndecodableQuery() {
            RawHttp.Response response = rawGet("/batch_progress?tracking_id=%zz", NO_READ_TOKEN);

            assertAnswer(response, 403, detail("Insufficient permissions"));
        }

        @Test
        void undecodableQuery_before422() {
            RawHttp.Response response =
                    rawGet("/batch_progress?dummy_data=maybe&tracking_id=%zz", READER_TOKEN);

            assertAnswer(response, 400, detail("Invalid query string"));
        }

        @Test
        void dummyData422_beforeExactlyOne() {
            HttpResponse<byte[]> response = get("dummy_data=maybe");

            assertAnswer(response, 422, boolParsing("maybe"));
        }

        @Test
        void exactlyOne_beforeRepeatedParameter() {
            HttpResponse<byte[]> response = get("tracking_id=a&tracking_id=b&filename=" + id(7));

            assertAnswer(
                    response,
                    400,
                    detail(
                            "Exactly one of filename, tracking_id, or tracking_ids must be provided"));
        }

        @Test
        void repeatedFilename_beforeFilenameNotAHash() {
            HttpResponse<byte[]> response = get("filename=bad&filename=worse");

            assertAnswer(response, 400, detail("filename must be provided only once"));
        }

        @Test
        void filenameNotAHash_beforeDummyAnswer() {
            HttpResponse<byte[]> response = get("filename=report.csv&dummy_data=true");

            assertAnswer(response, 400, detail("The filename is not a valid hash."));
        }

        @Test
        void tooManyIds_beforeDummyAnswer() {
            StringJoiner query = new StringJoiner("&", "", "&dummy_data=true");
            for (int i = 0; i < 1001; i++) {
                query.add("tracking_ids=" + id(5000 + i));
            }

            HttpResponse<byte[]> response = get(query.toString());

            assertThat(response.statusCode()).isEqualTo(400);
        }

        @Test
        void runNotFound_beforeNotAllSupplySheds() {
            HttpResponse<byte[]> response =
                    get("tracking_ids=" + BATCH_PROCESS + "&tracking_ids=" + MISSING);

            assertAnswer(
                    response,
                    400,
                    detail("Unable to find any batch runs for tracking_id: " + MISSING));
        }
    }
}
