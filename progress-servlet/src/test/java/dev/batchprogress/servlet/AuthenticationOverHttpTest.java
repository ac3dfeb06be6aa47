package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.GLOBEX;
import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.OPERATOR_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may ask: bearer tokens, the container's login, and the visibility of other organizations. */
class AuthenticationOverHttpTest {

    private static final String ACME_RUN = id(1);
    private static final String NOT_AUTHENTICATED = "{\"detail\":\"Not authenticated\"}";
    private static final String FORBIDDEN = "{\"detail\":\"Insufficient permissions\"}";

    private static void assertUnauthenticated(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Http.text(response)).isEqualTo(NOT_AUTHENTICATED);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Nested
    class BearerTokens {

        private final InMemoryRunStore store = InMemoryRunStore.create();
        private JettyHarness server;

        @BeforeEach
        void startServer() {
            ReferenceExample.BATCH_PROCESS_COMPLETE.record(store, TrackingId.of(ACME_RUN));
            server = JettyHarness.serveSource(store);
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        private HttpResponse<byte[]> getWith(String authorization) {
            return Http.send(
                    "GET",
                    server.uri("/batch_progress?tracking_id=" + ACME_RUN),
                    "Authorization",
                    authorization);
        }

        @Test
        void missingHeader_gets401() {
            assertUnauthenticated(
                    Http.send("GET", server.uri("/batch_progress?tracking_id=" + ACME_RUN)));
        }

        @Test
        void unknownToken_gets401() {
            assertUnauthenticated(getWith("Bearer not-a-known-token"));
        }

        @Test
        void otherScheme_gets401() {
            String basic =
                    Base64.getEncoder()
                            .encodeToString(
                                    ("reader:" + READER_TOKEN).getBytes(StandardCharsets.UTF_8));

            assertUnauthenticated(getWith("Basic " + basic));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Bearer", "Bearer a b", "Bearer \"x\"", "Bearer,", "B", "%%%"})
        void malformedHeader_gets401(String authorization) {
            assertUnauthenticated(getWith(authorization));
        }

        @Test
        void malformedNonAsciiHeader_gets401() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + ACME_RUN,
                            "Authorization: Bearer \u00ff\u00fe");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.bodyText()).isEqualTo(NOT_AUTHENTICATED);
        }

        @Test
        void twoAuthorizationHeaders_get401() {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + ACME_RUN,
                            bearer(READER_TOKEN),
                            bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(401);
        }

        @Test
        void lowerCaseScheme_isAccepted() {
            HttpResponse<byte[]> response = getWith("bearer " + READER_TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.BATCH_PROCESS_COMPLETE.json());
        }

        @Test
        void unknownToken_isNotEchoed() {
            HttpResponse<byte[]> response = getWith("Bearer leaked-secret-123");

            assertThat(Http.text(response)).doesNotContain("leaked-secret-123");
            assertThat(response.headers().map().toString()).doesNotContain("leaked-secret-123");
        }

        @Test
        void callerWithoutRead_gets403() {
            HttpResponse<byte[]> response =
                    Http.get(server.uri("/batch_progress?tracking_id=" + ACME_RUN), NO_READ_TOKEN);

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(Http.text(response)).isEqualTo(FORBIDDEN);
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }

        @Test
        void callerWithoutRead_gets403EvenForDummyData() {
            HttpResponse<byte[]> response =
                    Http.get(
                            server.uri("/batch_progress?tracking_id=x&dummy_data=true"),
                            NO_READ_TOKEN);

            assertThat(response.statusCode()).isEqualTo(403);
        }
    }

    /**
     * A run of another organization answers exactly like a missing one: status, body with the id
     * replaced, every header but {@code Date}, and the number of source calls.
     */
    @Nested
    class OtherOrganization {

        private static final String GLOBEX_RUN = id(41);
        private static final String MISSING_RUN = id(42);
        private static final String GLOBEX_FILE = id(43);
        private static final String MISSING_FILE = id(44);

        private final InMemoryRunStore store = InMemoryRunStore.create();
        private final Sources.Counting source = new Sources.Counting(store);
        private JettyHarness server;

        @BeforeEach
        void startServer() {
            store.register(
                    RunRegistration.supplyShed(
                                    TrackingId.of(GLOBEX_RUN), GLOBEX, Pipeline.SUPPLY_SHED, 3)
                            .withFilename(TrackingId.of(GLOBEX_FILE)));
            server = JettyHarness.serveSource(source);
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        private void assertSameAnswer(String parameter, String hidden, String missing) {
            int before = source.calls();
            HttpResponse<byte[]> forHidden =
                    Http.get(
                            server.uri("/batch_progress?" + parameter + "=" + hidden),
                            READER_TOKEN);
            int hiddenCalls = source.calls() - before;
            HttpResponse<byte[]> forMissing =
                    Http.get(
                            server.uri("/batch_progress?" + parameter + "=" + missing),
                            READER_TOKEN);
            int missingCalls = source.calls() - before - hiddenCalls;

            assertThat(forHidden.statusCode()).isEqualTo(400);
            assertThat(forHidden.statusCode()).isEqualTo(forMissing.statusCode());
            assertThat(Http.text(forHidden).replace(hidden, missing))
                    .isEqualTo(Http.text(forMissing));
            assertThat(Http.headersWithoutDate(forHidden))
                    .isEqualTo(Http.headersWithoutDate(forMissing));
            assertThat(hiddenCalls).isEqualTo(missingCalls);
        }

        @Test
        void trackingId_answersLikeMissingRun() {
            assertSameAnswer("tracking_id", GLOBEX_RUN, MISSING_RUN);
        }

        @Test
        void trackingIds_answersLikeMissingRun() {
            assertSameAnswer("tracking_ids", GLOBEX_RUN, MISSING_RUN);
        }

        @Test
        void filename_answersLikeMissingFile() {
            assertSameAnswer("filename", GLOBEX_FILE, MISSING_FILE);
        }

        @Test
        void readAllOrganizations_seesTheRun() {
            HttpResponse<byte[]> response =
                    Http.get(
                            server.uri("/batch_progress?tracking_id=" + GLOBEX_RUN),
                            OPERATOR_TOKEN);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response)).contains("\"total_number_of_facilities\":3");
        }

        @Test
        void sourceOutage_answersAlikeForHiddenAndMissing() {
            try (JettyHarness down = JettyHarness.serveSource(Sources.unavailable())) {
                HttpResponse<byte[]> forHidden =
                        Http.get(
                                down.uri("/batch_progress?tracking_id=" + GLOBEX_RUN),
                                READER_TOKEN);
                HttpResponse<byte[]> forMissing =
                        Http.get(
                                down.uri("/batch_progress?tracking_id=" + MISSING_RUN),
                                READER_TOKEN);

                assertThat(forHidden.statusCode()).isEqualTo(503);
                assertThat(Http.text(forHidden)).isEqualTo(Http.text(forMissing));
                assertThat(Http.headersWithoutDate(forHidden))
                        .isEqualTo(Http.headersWithoutDate(forMissing));
            }
        }
    }

    /** The container's own login (HTTP Basic in Jetty) with roles mapped to permissions. */
    @Nested
    class ContainerLogin {

        private static final Map<String, String> ORGANIZATIONS =
                Map.of("alice", Fixtures.ACME, "bob", Fixtures.ACME);

        private final InMemoryRunStore store = InMemoryRunStore.create();
        private JettyHarness server;

        @BeforeEach
        void startServer() {
            ReferenceExample.BATCH_PROCESS_COMPLETE.record(store, TrackingId.of(ACME_RUN));
            ContainerAuthenticator authenticator =
                    ContainerAuthenticator.builder()
                            .role("progress-reader", Permission.READ)
                            .organizations(
                                    principal ->
                                            Optional.ofNullable(
                                                    ORGANIZATIONS.get(principal.getName())))
                            .build();
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(store))
                            .authenticator(authenticator)
                            .build();

            ServletContextHandler context =
                    new ServletContextHandler("/", ServletContextHandler.SECURITY);
            context.addServlet(new ServletHolder(servlet), BatchProgressServlet.URL_PATTERN);
            context.setSecurityHandler(basicLogin());
            server = JettyHarness.start(context);
        }

        private ConstraintSecurityHandler basicLogin() {
            UserStore users = new UserStore();
            users.addUser(
                    "alice",
                    Credential.getCredential("alice-pw"),
                    new String[] {"progress-reader"});
            users.addUser("bob", Credential.getCredential("bob-pw"), new String[] {"accounting"});
            users.addUser(
                    "mallory",
                    Credential.getCredential("mallory-pw"),
                    new String[] {"progress-reader"});
            HashLoginService login = new HashLoginService("batch-progress");
            login.setUserStore(users);

            ConstraintMapping mapping = new ConstraintMapping();
            mapping.setPathSpec(BatchProgressServlet.URL_PATTERN);
            mapping.setConstraint(Constraint.ANY_USER);
            ConstraintSecurityHandler security = new ConstraintSecurityHandler();
            security.setLoginService(login);
            security.setAuthenticator(new BasicAuthenticator());
            security.addConstraintMapping(mapping);
            return security;
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        private HttpResponse<byte[]> getAs(String user, String password) {
            String credentials =
                    Base64.getEncoder()
                            .encodeToString(
                                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return Http.send(
                    "GET",
                    server.uri("/batch_progress?tracking_id=" + ACME_RUN),
                    "Authorization",
                    "Basic " + credentials);
        }

        @Test
        void readerRole_getsTheAnswer() {
            HttpResponse<byte[]> response = getAs("alice", "alice-pw");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Http.text(response))
                    .isEqualTo(ReferenceExample.BATCH_PROCESS_COMPLETE.json());
        }

        @Test
        void userWithoutReaderRole_gets403() {
            HttpResponse<byte[]> response = getAs("bob", "bob-pw");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(Http.text(response)).isEqualTo(FORBIDDEN);
        }

        @Test
        void userWithoutOrganization_gets403() {
            HttpResponse<byte[]> response = getAs("mallory", "mallory-pw");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(Http.text(response)).isEqualTo(FORBIDDEN);
        }
    }
}
