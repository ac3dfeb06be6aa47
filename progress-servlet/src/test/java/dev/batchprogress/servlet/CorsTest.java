package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CorsTest {

    private static final String RUN = id(1);
    private static final String ALLOWED = "https://status.example.com";
    private static final String OTHER = "https://evil.example.net";

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private JettyHarness server;

    @BeforeEach
    void recordRun() {
        ReferenceExample.BATCH_PROCESS_COMPLETE.record(store, TrackingId.of(RUN));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void serveWithOrigins(List<String> origins) {
        server =
                JettyHarness.serve(
                        BatchProgressServlet.builder(ProgressTracker.create(store))
                                .authenticator(Fixtures.authenticator())
                                .corsOrigins(origins)
                                .build());
    }

    private RawHttp.Response get(String origin) {
        return RawHttp.send(
                server.port(),
                "GET",
                "/batch_progress?tracking_id=" + RUN,
                "Origin: " + origin,
                bearer(READER_TOKEN));
    }

    private RawHttp.Response preflight(String origin, String method) {
        return RawHttp.send(
                server.port(),
                "OPTIONS",
                "/batch_progress?tracking_id=" + RUN,
                "Origin: " + origin,
                "Access-Control-Request-Method: " + method,
                "Access-Control-Request-Headers: authorization");
    }

    private static boolean hasCorsHeader(RawHttp.Response response) {
        return response.headers().stream()
                .map(Map.Entry::getKey)
                .anyMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    }

    @Nested
    class OffByDefault {

        @BeforeEach
        void startServer() {
            server = JettyHarness.serveSource(store);
        }

        @Test
        void getWithOrigin_hasNoCorsHeaders() {
            RawHttp.Response response = get(ALLOWED);

            assertThat(response.status()).isEqualTo(200);
            assertThat(hasCorsHeader(response)).isFalse();
            assertThat(response.header("Vary")).isEmpty();
        }

        @Test
        void preflight_gets405() {
            RawHttp.Response response = preflight(ALLOWED, "GET");

            assertThat(response.status()).isEqualTo(405);
            assertThat(hasCorsHeader(response)).isFalse();
        }
    }

    @Nested
    class ListedOrigins {

        @BeforeEach
        void startServer() {
            serveWithOrigins(List.of(ALLOWED, "http://localhost:8080"));
        }

        @Test
        void allowedOrigin_getsAllowOriginAndExposedHeaders() {
            RawHttp.Response response = get(ALLOWED);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).contains(ALLOWED);
            assertThat(response.header("Access-Control-Expose-Headers"))
                    .contains("Deprecation, Link, Retry-After, WWW-Authenticate");
            assertThat(response.header("Vary")).contains("Origin");
        }

        @Test
        void otherOrigin_getsOnlyVary() {
            RawHttp.Response response = get(OTHER);

            assertThat(response.status()).isEqualTo(200);
            assertThat(hasCorsHeader(response)).isFalse();
            assertThat(response.header("Vary")).contains("Origin");
        }

        @Test
        void errorForAllowedOrigin_isReadable() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + RUN,
                            "Origin: " + ALLOWED);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Access-Control-Allow-Origin")).contains(ALLOWED);
        }

        @Test
        void preflight_isAnsweredWithoutCredentials() {
            RawHttp.Response response = preflight(ALLOWED, "GET");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).contains(ALLOWED);
            assertThat(response.header("Access-Control-Allow-Methods")).contains("GET, HEAD");
            assertThat(response.header("Access-Control-Allow-Headers")).contains("Authorization");
            assertThat(response.header("Access-Control-Max-Age")).contains("600");
            assertThat(response.header("Content-Length")).contains("0");
            assertThat(response.body()).isEmpty();
        }

        @Test
        void preflightFromOtherOrigin_gets405() {
            RawHttp.Response response = preflight(OTHER, "GET");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void preflightForPost_gets405() {
            RawHttp.Response response = preflight(ALLOWED, "POST");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("GET, HEAD");
        }

        @Test
        void preflightForOtherPath_gets404() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "OPTIONS",
                            "/batch_progress/other",
                            "Origin: " + ALLOWED,
                            "Access-Control-Request-Method: GET");

            assertThat(response.status()).isEqualTo(404);
        }

        @Test
        void plainOptionsFromAllowedOrigin_gets405() {
            RawHttp.Response response =
                    RawHttp.send(server.port(), "OPTIONS", "/batch_progress", "Origin: " + ALLOWED);

            assertThat(response.status()).isEqualTo(405);
        }
    }

    @Nested
    class Configuration {

        @Test
        void anyOrigin_getsWildcardWithoutVary() {
            serveWithOrigins(List.of("*"));

            RawHttp.Response response = get(OTHER);

            assertThat(response.header("Access-Control-Allow-Origin")).contains("*");
            assertThat(response.header("Vary")).isEmpty();
        }

        @Test
        void configuredOrigin_isComparedInLowerCase() {
            serveWithOrigins(List.of("HTTPS://Status.Example.COM"));

            RawHttp.Response response = get(ALLOWED);

            assertThat(response.header("Access-Control-Allow-Origin")).contains(ALLOWED);
        }

        @Test
        void emptyList_keepsCorsOff() {
            serveWithOrigins(List.of());

            assertThat(hasCorsHeader(get(ALLOWED))).isFalse();
        }
    }
}
