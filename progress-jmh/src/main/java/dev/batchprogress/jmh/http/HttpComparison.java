package dev.batchprogress.jmh.http;

import dev.batchprogress.ProgressAnswer;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.jmh.SupplyShedFixture;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.servlet.BatchProgressServlet;
import dev.batchprogress.servlet.BearerTokenAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One embedded Jetty 12 (ee10) server on 127.0.0.1 that serves the real {@link
 * BatchProgressServlet} at {@code /batch_progress} and a {@link FixedJsonServlet} at {@value
 * #FIXED_PATH}, for the loopback HTTP comparison.
 *
 * <p>The real servlet answers from an {@link InMemoryRunStore} with one supply shed run whose
 * facilities are spread over every state by a seeded random, and authenticates a bearer token with
 * {@link BearerTokenAuthenticator}. The fixed servlet returns the bytes of that same answer, so
 * both responses have the same body. Both share the connector, the thread pool and the context, and
 * both holders support async, so the only difference is the servlet.
 *
 * <p>Run as a program, it starts the server, writes the two URLs and the token as a properties
 * file, and serves until the process is stopped. {@code run-benchmarks.sh} starts it pinned to one
 * core and runs wrk on the other.
 */
public final class HttpComparison implements AutoCloseable {

    /** The bearer token the real servlet accepts; only letters and digits, a valid token68. */
    public static final String TOKEN = "benchmarkToken2024";

    /** The path of the fixed-JSON servlet. */
    public static final String FIXED_PATH = "/fixed_json";

    private static final long SEED = 20_240_606L;

    private final Server server;
    private final ServerConnector connector;
    private final String trackingId;
    private final String entityTag;

    private HttpComparison(
            Server server, ServerConnector connector, String trackingId, String entityTag) {
        this.server = server;
        this.connector = connector;
        this.trackingId = trackingId;
        this.entityTag = entityTag;
    }

    /**
     * Starts the server on a free port of 127.0.0.1.
     *
     * @param facilities the number of facilities of the run the real servlet answers for
     * @return the running server
     * @throws IllegalStateException if Jetty fails to start
     */
    public static HttpComparison start(int facilities) {
        InMemoryRunStore store = InMemoryRunStore.create();
        TrackingId run = SupplyShedFixture.register(store, 1, facilities);
        SupplyShedFixture.drive(store, run, SupplyShedFixture.spreadStates(facilities, SEED));
        ProgressTracker tracker = ProgressTracker.create(store);
        Caller caller = SupplyShedFixture.CALLER;
        ProgressAnswer current = tracker.answer(caller, ProgressQuery.ofTrackingId(run.value()));
        byte[] answer = ProgressJson.create().toJsonBytes(current.progress());

        ServletContextHandler context = new ServletContextHandler("/");
        BatchProgressServlet servlet =
                BatchProgressServlet.builder(tracker)
                        .authenticator(
                                BearerTokenAuthenticator.builder().token(TOKEN, caller).build())
                        .build();
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, BatchProgressServlet.URL_PATTERN);
        // Both holders support async, as the real servlet's must for its event streams, so that
        // Jetty handles both paths' requests alike.
        ServletHolder fixedHolder = new ServletHolder(new FixedJsonServlet(answer));
        fixedHolder.setAsyncSupported(true);
        context.addServlet(fixedHolder, FIXED_PATH);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Jetty failed to start on 127.0.0.1", e);
        }
        return new HttpComparison(server, connector, run.value(), current.entityTag());
    }

    /** Returns the URL of the real servlet, with the run's {@code tracking_id}. */
    public URI servletUri() {
        return URI.create(base() + "/batch_progress?tracking_id=" + trackingId);
    }

    /**
     * Returns the entity tag of the real servlet's answer, which stays current: the run is fixed.
     */
    public String entityTag() {
        return entityTag;
    }

    /**
     * Returns the URL of the fixed-JSON servlet, with the same query string as {@link
     * #servletUri()} although the servlet ignores it: both paths then get requests of the same
     * length, so Jetty parses the same bytes for each and only the servlets differ.
     */
    public URI fixedUri() {
        return URI.create(base() + FIXED_PATH + "?tracking_id=" + trackingId);
    }

    private String base() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Stops the server. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Jetty failed to stop", e);
        }
    }

    /**
     * Starts the server and writes {@code servlet}, {@code fixed} and {@code token} to the file
     * named by the first argument, then serves until the process is stopped.
     *
     * @param args the file to write the URLs to, then optionally the number of facilities (default
     *     1,000)
     * @throws IOException if the file cannot be written
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HttpComparison URLS_FILE [FACILITIES]");
            System.exit(2);
        }
        int facilities = args.length == 2 ? Integer.parseInt(args[1]) : 1000;
        HttpComparison comparison = start(facilities);
        Path urls = Path.of(args[0]);
        Path partial = urls.resolveSibling(urls.getFileName() + ".tmp");
        Files.write(
                partial,
                List.of(
                        "servlet=" + comparison.servletUri(),
                        "fixed=" + comparison.fixedUri(),
                        "token=" + TOKEN,
                        "etag=" + comparison.entityTag()),
                StandardCharsets.UTF_8);
        // The script waits for the file, so it appears only once it is complete.
        Files.move(partial, urls, StandardCopyOption.ATOMIC_MOVE);
        comparison.server.join();
    }
}
