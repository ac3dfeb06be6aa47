package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statuses and headers that only HTTP has: HEAD, 404, 500, 503, caching, content type, deprecation.
 */
class ResponsesOverHttpTest {

    private static final String RUN =
            "0x0000000000000000000000000000000000000000000000000000000000000001";
    private static final String FILE =
            "0x0000000000000000000000000000000000000000000000000000000000000002";
    private static final String MISSING_FILE =
            "0x0000000000000000000000000000000000000000000000000000000000000099";
    private static final String INTERNAL_ERROR = "{\"detail\":\"Internal server error\"}";

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void startServer() {
        store.register(
                RunRegistration.batchProcess(
                                TrackingId.of(RUN), Fixtures.ACME, Pipeline.BATCH_PROCESS)
                        .withFilename(TrackingId.of(FILE)));
        server =
                JettyHarness.serve(
                        BatchProgressServlet.builder(ProgressTracker.create(store))
                                .authenticator(Fixtures.authenticator())
                                .deprecationLink(
                                        URI.create(
                                                "https://docs.example.com/deprecations#filename"))
                                .build());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private RawHttp.Response raw(String method, String target, String... headers) {
        return RawHttp.send(server.port(), method, target, headers);
    }

    @Nested
    class Head {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/batch_progress?tracking_id=" + RUN,
                    "/batch_progress?tracking_id=missing",
                    "/batch_progress?dummy_data=maybe",
                    "/batch_progress?tracking_id=%zz",
                    "/batch_progress/other",
                    "/batch_progress?filename=" + FILE
                })
        void head_sendsGetHeadersWithoutBody(String target) {
            RawHttp.Response get = raw("GET", target, bearer(READER_TOKEN));
            RawHttp.Response head = raw("HEAD", target, bearer(READER_TOKEN));

            assertThat(head.status()).isEqualTo(get.status());
            assertThat(withoutDate(head)).isEqualTo(withoutDate(get));
            assertThat(head.header("Content-Length")).contains(Integer.toString(get.body().length));
            assertThat(head.body()).isEmpty();
        }

        @Test
        void headWithoutCredentials_sends401Headers() {
            RawHttp.Response get = raw("GET", "/batch_progress?tracking_id=" + RUN);
            RawHttp.Response head = raw("HEAD", "/batch_progress?tracking_id=" + RUN);

            assertThat(head.status()).isEqualTo(401);
            assertThat(withoutDate(head)).isEqualTo(withoutDate(get));
            assertThat(head.body()).isEmpty();
        }

        private Map<String, String> withoutDate(RawHttp.Response response) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
            headers.remove("Date");
            return headers;
        }
    }

    @Nested
    class OtherPaths {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/batch_progress/",
                    "/batch_progress/streams",
                    "/batch_progress/x/y?tracking_id=a"
                })
        void pathBelowServlet_gets404(String path) {
            HttpResponse<byte[]> response = Http.get(server.uri(path), READER_TOKEN);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Http.text(response)).isEqualTo("{\"detail\":\"Not Found\"}");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }

        @Test
        void pathBelowServlet_gets404WithoutCredentials() {
            HttpResponse<byte[]> response = Http.send("GET", server.uri("/batch_progress/x"));

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class ServerErrors {

        @Test
        void throwingAuthenticator_gets500WithoutDetails() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(store))
                            .authenticator(
                                    request -> {
                                        throw new IllegalStateException(
                                                "token store at /etc/secret failed");
                                    })
                            .build();
            try (JettyHarness failing = JettyHarness.serve(servlet)) {
                HttpResponse<byte[]> response =
                        Http.get(failing.uri("/batch_progress?tracking_id=" + RUN), READER_TOKEN);

                assertThat(response.statusCode()).isEqualTo(500);
                assertThat(Http.text(response)).isEqualTo(INTERNAL_ERROR);
                assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
                assertThat(response.headers().firstValue("Content-Type"))
                        .contains("application/json");
            }
        }

        @Test
        void authenticatorError_gets500WithoutDetails() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(store))
                            .authenticator(
                                    request -> {
                                        throw new AssertionError("invariant broken in Foo.java:12");
                                    })
                            .build();
            try (JettyHarness failing = JettyHarness.serve(servlet)) {
                RawHttp.Response response =
                        RawHttp.send(failing.port(), "GET", "/batch_progress?tracking_id=" + RUN);

                assertThat(response.status()).isEqualTo(500);
                assertThat(response.bodyText()).isEqualTo(INTERNAL_ERROR);
                assertThat(response.raw())
                        .doesNotContain("AssertionError")
                        .doesNotContain("Foo.java")
                        .doesNotContain("at dev.");
            }
        }

        @Test
        void unavailableSource_gets503WithRetryAfter() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(Sources.unavailable()))
                            .authenticator(Fixtures.authenticator())
                            .build();
            try (JettyHarness down = JettyHarness.serve(servlet)) {
                HttpResponse<byte[]> response =
                        Http.get(down.uri("/batch_progress?tracking_id=" + RUN), READER_TOKEN);

                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(Http.text(response))
                        .isEqualTo("{\"detail\":\"Run state is temporarily unavailable\"}");
                assertThat(response.headers().allValues("Retry-After")).containsExactly("2");
                assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            }
        }

        @Test
        void unavailableSource_doesNotShowTheCause() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(Sources.unavailable()))
                            .authenticator(Fixtures.authenticator())
                            .build();
            try (JettyHarness down = JettyHarness.serve(servlet)) {
                RawHttp.Response response =
                        RawHttp.send(
                                down.port(),
                                "GET",
                                "/batch_progress?tracking_ids=" + RUN,
                                bearer(READER_TOKEN));

                assertThat(response.raw()).doesNotContain("5432").doesNotContain("Exception");
            }
        }

        @Test
        void dummyData_answersWhileSourceIsDown() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(Sources.unavailable()))
                            .authenticator(Fixtures.authenticator())
                            .build();
            try (JettyHarness down = JettyHarness.serve(servlet)) {
                HttpResponse<byte[]> response =
                        Http.get(
                                down.uri("/batch_progress?tracking_id=x&dummy_data=true"),
                                READER_TOKEN);

                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
    }

    @Nested
    class CacheControlAndContentType {

        @ParameterizedTest
        @CsvSource({
            "/batch_progress?tracking_id=" + RUN + ", 200, 'private, no-cache'",
            "/batch_progress?tracking_id=missing, 400, no-store",
            "/batch_progress?tracking_id=%zz, 400, no-store",
            "/batch_progress?dummy_data=x, 422, no-store",
            "/batch_progress/x, 404, no-store"
        })
        void status_hasCacheControl(String target, int status, String cacheControl) {
            RawHttp.Response response = raw("GET", target, bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("Cache-Control")).contains(cacheControl);
        }

        @Test
        void forbidden_hasNoStore() {
            RawHttp.Response response =
                    raw("GET", "/batch_progress?tracking_id=" + RUN, bearer(NO_READ_TOKEN));

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Cache-Control")).contains("no-store");
        }

        @Test
        void unauthenticatedAndWrongMethod_haveNoStore() {
            assertThat(raw("GET", "/batch_progress?tracking_id=" + RUN).header("Cache-Control"))
                    .contains("no-store");
            assertThat(raw("PUT", "/batch_progress").header("Cache-Control")).contains("no-store");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/batch_progress?tracking_id=" + RUN,
                    "/batch_progress?tracking_id=missing",
                    "/batch_progress?dummy_data=x",
                    "/batch_progress/x"
                })
        void contentType_isExactlyApplicationJson(String target) {
            RawHttp.Response response = raw("GET", target, bearer(READER_TOKEN));

            assertThat(response.header("Content-Type")).contains("application/json");
            assertThat(response.header("Content-Length"))
                    .contains(Integer.toString(response.body().length));
        }
    }

    @Nested
    class Deprecation {

        private static final String DEPRECATION = "@1735689600";
        private static final String LINK =
                "<https://docs.example.com/deprecations#filename>; rel=\"deprecation\"";

        private void assertDeprecated(RawHttp.Response response) {
            assertThat(response.header("Deprecation")).contains(DEPRECATION);
            assertThat(response.header("Link")).contains(LINK);
        }

        @Test
        void filenameAnswer_isDeprecated() {
            RawHttp.Response response =
                    raw("GET", "/batch_progress?filename=" + FILE, bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(200);
            assertDeprecated(response);
        }

        @Test
        void filenameWithoutCredentials_isDeprecated() {
            RawHttp.Response response = raw("GET", "/batch_progress?filename=" + FILE);

            assertThat(response.status()).isEqualTo(401);
            assertDeprecated(response);
        }

        @Test
        void filenameWithWrongMethod_isDeprecated() {
            RawHttp.Response response = raw("POST", "/batch_progress?filename=" + FILE);

            assertThat(response.status()).isEqualTo(405);
            assertDeprecated(response);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "filename=report.csv",
                    "filename=a&filename=b",
                    "filename=%zz",
                    "filename=" + MISSING_FILE,
                    "filename=x&tracking_id=y",
                    "filename=x&dummy_data=maybe"
                })
        void filenameError_isDeprecated(String query) {
            RawHttp.Response response =
                    raw("GET", "/batch_progress?" + query, bearer(READER_TOKEN));

            assertThat(response.status()).isBetween(400, 422);
            assertDeprecated(response);
        }

        @Test
        void filenameForbidden_isDeprecated() {
            RawHttp.Response response =
                    raw("GET", "/batch_progress?filename=" + FILE, bearer(NO_READ_TOKEN));

            assertThat(response.status()).isEqualTo(403);
            assertDeprecated(response);
        }

        @Test
        void trackingIdAnswer_isNotDeprecated() {
            RawHttp.Response response =
                    raw("GET", "/batch_progress?tracking_id=" + RUN, bearer(READER_TOKEN));

            assertThat(response.header("Deprecation")).isEmpty();
            assertThat(response.header("Link")).isEmpty();
        }

        @Test
        void configuredDate_andNoLink_whenUnset() {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(store))
                            .authenticator(Fixtures.authenticator())
                            .deprecation("@1767225600")
                            .build();
            try (JettyHarness plain = JettyHarness.serve(servlet)) {
                RawHttp.Response response =
                        RawHttp.send(
                                plain.port(),
                                "GET",
                                "/batch_progress?filename=" + FILE,
                                bearer(READER_TOKEN));

                assertThat(response.header("Deprecation")).contains("@1767225600");
                assertThat(response.header("Link")).isEmpty();
            }
        }
    }
}
