package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web application with no servlet of its own: only this module's jar in {@code WEB-INF/lib} and a
 * listener that sets the servlet context attributes. The jar's {@code web-fragment.xml} must
 * register {@code /batch_progress}.
 */
class DropInDeploymentTest {

    private static final String RUN = id(1);

    @TempDir Path webapp;

    private final InMemoryRunStore store = InMemoryRunStore.create();

    @BeforeEach
    void packageWebApplication() throws IOException {
        ReferenceExample.SUPPLY_SHED_COMPLETE.record(store, TrackingId.of(RUN));
        Path lib = Files.createDirectories(webapp.resolve("WEB-INF/lib"));
        writeModuleJar(lib.resolve("progress-servlet.jar"));
    }

    /**
     * Writes this module's main classes and resources, which Maven has compiled to a directory by
     * the time tests run, as a jar.
     */
    private static void writeModuleJar(Path jar) throws IOException {
        Path classes;
        try {
            classes =
                    Path.of(
                            BatchProgressServlet.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("class location is not a path", e);
        }
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar);
            return;
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private WebAppContext webApplication(Map<String, Object> attributes) {
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(webapp.toString());
        // The test's classes (the tracker, the authenticator) come from the test class path, so
        // the web application must load the shared classes from there too.
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        context.addEventListener(
                new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        attributes.forEach(event.getServletContext()::setAttribute);
                    }
                });
        return context;
    }

    private Map<String, Object> attributes() {
        return Map.of(
                BatchProgressServlet.TRACKER_ATTRIBUTE,
                ProgressTracker.create(store),
                BatchProgressServlet.AUTHENTICATOR_ATTRIBUTE,
                Fixtures.authenticator());
    }

    @Test
    void webApplicationWithoutServlet_servesBatchProgress() {
        try (JettyHarness server = JettyHarness.start(webApplication(attributes()))) {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + RUN,
                            bearer(READER_TOKEN));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(ReferenceExample.SUPPLY_SHED_COMPLETE.json());
            assertThat(response.header("Content-Type")).contains("application/json");
            assertThat(response.header("Cache-Control")).contains("private, no-cache");
        }
    }

    @Test
    void dropIn_answersErrorsAsJson() {
        try (JettyHarness server = JettyHarness.start(webApplication(attributes()))) {
            RawHttp.Response unauthenticated =
                    RawHttp.send(server.port(), "GET", "/batch_progress?tracking_id=" + RUN);
            RawHttp.Response otherPath =
                    RawHttp.send(server.port(), "GET", "/batch_progress/x", bearer(READER_TOKEN));

            assertThat(unauthenticated.status()).isEqualTo(401);
            assertThat(unauthenticated.bodyText()).isEqualTo("{\"detail\":\"Not authenticated\"}");
            assertThat(otherPath.status()).isEqualTo(404);
            assertThat(otherPath.bodyText()).isEqualTo("{\"detail\":\"Not Found\"}");
        }
    }

    @Test
    void contextParameters_configureDeprecationAndCors() {
        WebAppContext context = webApplication(attributes());
        context.setInitParameter(BatchProgressServlet.DEPRECATION_PARAMETER, "@1767225600");
        context.setInitParameter(
                BatchProgressServlet.DEPRECATION_LINK_PARAMETER, "https://docs.example.com/dep");
        context.setInitParameter(
                BatchProgressServlet.CORS_ORIGINS_PARAMETER,
                " https://status.example.com , http://localhost:8080");
        try (JettyHarness server = JettyHarness.start(context)) {
            RawHttp.Response response =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?filename=" + RUN,
                            "Origin: http://localhost:8080",
                            bearer(READER_TOKEN));

            assertThat(response.header("Deprecation")).contains("@1767225600");
            assertThat(response.header("Link"))
                    .contains("<https://docs.example.com/dep>; rel=\"deprecation\"");
            assertThat(response.header("Access-Control-Allow-Origin"))
                    .contains("http://localhost:8080");
        }
    }

    @Test
    void metricsAttribute_receivesResponses() {
        RecordingServletMetrics metrics = new RecordingServletMetrics();
        Map<String, Object> withMetrics = new HashMap<>(attributes());
        withMetrics.put(BatchProgressServlet.METRICS_ATTRIBUTE, metrics);
        try (JettyHarness server = JettyHarness.start(webApplication(withMetrics))) {
            RawHttp.send(
                    server.port(),
                    "GET",
                    "/batch_progress/details?tracking_id=" + RUN,
                    bearer(READER_TOKEN));
        }

        assertThat(metrics.responses()).containsExactly("/batch_progress/details 200");
    }

    @Test
    void wrongMetricsType_failsStartupNamingTheAttribute() {
        Map<String, Object> wrongType = new HashMap<>(attributes());
        wrongType.put(BatchProgressServlet.METRICS_ATTRIBUTE, "not metrics");

        assertThatThrownBy(() -> JettyHarness.start(webApplication(wrongType)).close())
                .hasStackTraceContaining(
                        "servlet context attribute 'dev.batchprogress.servlet.metrics' is a"
                                + " java.lang.String");
    }

    @Test
    void missingAuthenticator_failsStartupNamingTheAttribute() {
        Map<String, Object> withoutAuthenticator =
                Map.of(BatchProgressServlet.TRACKER_ATTRIBUTE, ProgressTracker.create(store));

        assertThatThrownBy(() -> JettyHarness.start(webApplication(withoutAuthenticator)).close())
                .hasStackTraceContaining(
                        "servlet context attribute 'dev.batchprogress.servlet.authenticator' is"
                                + " missing");
    }

    @Test
    void wrongAttributeType_failsStartupNamingTheAttribute() {
        Map<String, Object> wrongType =
                Map.of(
                        BatchProgressServlet.TRACKER_ATTRIBUTE,
                        "not a tracker",
                        BatchProgressServlet.AUTHENTICATOR_ATTRIBUTE,
                        Fixtures.authenticator());

        assertThatThrownBy(() -> JettyHarness.start(webApplication(wrongType)).close())
                .hasStackTraceContaining(
                        "servlet context attribute 'dev.batchprogress.servlet.tracker' is a"
                                + " java.lang.String");
    }

    @Test
    void invalidContextParameter_failsStartupNamingTheValue() {
        WebAppContext context = webApplication(attributes());
        context.setInitParameter(BatchProgressServlet.CORS_ORIGINS_PARAMETER, "status.example.com");

        assertThatThrownBy(() -> JettyHarness.start(context).close())
                .hasStackTraceContaining("CORS origin 'status.example.com' is invalid");
    }

    @Test
    void moduleJar_containsTheFragment() throws IOException {
        try (JarFile jar =
                new JarFile(webapp.resolve("WEB-INF/lib/progress-servlet.jar").toFile())) {
            assertThat(jar.getEntry("META-INF/web-fragment.xml")).isNotNull();
        }
    }
}
