package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How the servlet reads the raw query string: repeats, aliases, escapes, and size. */
class QueryStringOverHttpTest {

    private static final String FIRST = id(1);
    private static final String SECOND = id(2);
    private static final String BOTH =
            "{\"complete\":false,\"total_number_of_facilities\":200,"
                    + "\"total_number_of_ungeocoded_facilities\":10,"
                    + "\"total_number_of_facilities_failed\":15,"
                    + "\"total_number_of_facilities_completed\":152,"
                    + "\"total_number_of_facilities_queued\":5,"
                    + "\"total_number_of_facilities_preprocessing\":8,"
                    + "\"total_number_of_facilities_processing\":20,"
                    + "\"skip_reason\":null}";

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void startServer() {
        ReferenceExample.SUPPLY_SHED_IN_PROGRESS.record(store, TrackingId.of(FIRST));
        ReferenceExample.SUPPLY_SHED_COMPLETE.record(store, TrackingId.of(SECOND));
        server = JettyHarness.serveSource(store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HttpResponse<byte[]> get(String query) {
        return Http.get(server.uri("/batch_progress?" + query), READER_TOKEN);
    }

    private static void assertOk(HttpResponse<byte[]> response, String body) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.text(response)).isEqualTo(body);
    }

    @Nested
    class RepeatedTrackingIds {

        @Test
        void repeatedParameter_combinesRuns() {
            assertOk(get("tracking_ids=" + FIRST + "&tracking_ids=" + SECOND), BOTH);
        }

        @Test
        void repeatedId_countsOnce() {
            assertOk(
                    get(
                            "tracking_ids="
                                    + FIRST
                                    + "&tracking_ids="
                                    + SECOND
                                    + "&tracking_ids="
                                    + FIRST),
                    BOTH);
        }

        @Test
        void escapedBracketAlias_isTheSameParameter() {
            assertOk(get("tracking_ids%5B%5D=" + FIRST + "&tracking_ids%5B%5D=" + SECOND), BOTH);
        }

        @Test
        void rawBracketAlias_isTheSameParameter() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_ids[]=" + FIRST + "&tracking_ids[]=" + SECOND,
                            bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(BOTH);
        }

        @Test
        void aliasAndPlainName_mix() {
            assertOk(get("tracking_ids=" + FIRST + "&tracking_ids%5B%5D=" + SECOND), BOTH);
        }

        @Test
        void referenceCurlExample_findsNoSuchRun() {
            HttpResponse<byte[]> response = get("tracking_ids=0xabc123&tracking_ids=0xdef456");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.text(response))
                    .isEqualTo(
                            "{\"detail\":\"Unable to find any batch runs for tracking_id: 0xabc123\"}");
        }
    }

    @Nested
    class Escapes {

        @Test
        void escapedDigitsOfId_decode() {
            String escaped = "%30%78" + FIRST.substring(2);

            assertOk(
                    get("tracking_id=" + escaped), ReferenceExample.SUPPLY_SHED_IN_PROGRESS.json());
        }

        @Test
        void upperCaseCanonicalId_findsTheRun() {
            String upper = "0x" + FIRST.substring(2).toUpperCase(Locale.ROOT);

            assertOk(get("tracking_id=" + upper), ReferenceExample.SUPPLY_SHED_IN_PROGRESS.json());
        }

        @Test
        void plus_decodesToSpace() {
            register("batch run 7");

            HttpResponse<byte[]> response = get("tracking_id=batch+run+7");

            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void escapedPlus_staysPlus() {
            register("a+b");

            HttpResponse<byte[]> response = get("tracking_id=a%2Bb");

            assertThat(response.statusCode()).isEqualTo(200);
        }

        @Test
        void doubleEscape_decodesOnce() {
            HttpResponse<byte[]> response = get("tracking_id=%2530x");

            assertThat(Http.text(response))
                    .isEqualTo(
                            "{\"detail\":\"Unable to find any batch runs for tracking_id: %30x\"}");
        }

        @Test
        void nonAsciiId_isEchoedAsUtf8() {
            HttpResponse<byte[]> response = get("tracking_id=r%C3%A9sum%C3%A9");

            assertThat(response.body())
                    .isEqualTo(
                            "{\"detail\":\"Unable to find any batch runs for tracking_id: résumé\"}"
                                    .getBytes(UTF_8));
        }

        @Test
        void unknownParameters_areIgnored() {
            assertOk(
                    get("utm_source=mail&tracking_id=" + FIRST + "&x=%41"),
                    ReferenceExample.SUPPLY_SHED_IN_PROGRESS.json());
        }

        private void register(String trackingId) {
            store.register(
                    RunRegistration.batchProcess(
                            TrackingId.of(trackingId), Fixtures.ACME, Pipeline.BATCH_PROCESS));
        }
    }

    @Nested
    class Size {

        @Test
        void thousandIds_answerInOneQuery() {
            StringJoiner query = new StringJoiner("&");
            for (int i = 0; i < 1000; i++) {
                String run = id(10_000 + i);
                store.register(
                        RunRegistration.supplyShed(
                                TrackingId.of(run), Fixtures.ACME, Pipeline.SUPPLY_SHED, 1));
                query.add("tracking_ids=" + run);
            }

            HttpResponse<byte[]> response = get(query.toString());

            assertOk(
                    response,
                    "{\"complete\":false,\"total_number_of_facilities\":1000,"
                            + "\"total_number_of_ungeocoded_facilities\":0,"
                            + "\"total_number_of_facilities_failed\":0,"
                            + "\"total_number_of_facilities_completed\":0,"
                            + "\"total_number_of_facilities_queued\":1000,"
                            + "\"total_number_of_facilities_preprocessing\":0,"
                            + "\"total_number_of_facilities_processing\":0,"
                            + "\"skip_reason\":null}");
        }

        @Test
        void thousandDistinctIdsWithRepeats_areAccepted() {
            StringJoiner query = new StringJoiner("&");
            for (int i = 0; i < 1000; i++) {
                query.add("tracking_ids=" + id(20_000 + i));
            }
            query.add("tracking_ids=" + id(20_000));

            HttpResponse<byte[]> response = get(query + "&dummy_data=true");

            assertOk(response, ReferenceExample.SUPPLY_SHED_IN_PROGRESS.json());
        }
    }
}
