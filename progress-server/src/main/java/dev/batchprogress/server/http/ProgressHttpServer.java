package dev.batchprogress.server.http;

import dev.batchprogress.servlet.BatchProgressServlet;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 server that serves a {@link BatchProgressServlet} at {@code /batch_progress}
 * over HTTP/1.1.
 *
 * <p>The connector accepts a request line and headers of up to {@value #REQUEST_HEADER_BYTES} bytes
 * together: a request target of {@value #MAX_REQUEST_TARGET_BYTES} bytes (128 KiB) with up to
 * {@value #HEADER_ALLOWANCE_BYTES} bytes of headers beside it. A {@code tracking_ids} query of 1000
 * canonical ids is a target of about 80,000 bytes. A target that does not fit gets 414, headers
 * that do not fit 431, a malformed request line or header 400, each with the JSON body {@code
 * {"detail":...}} of the wire contract. The status page is served at {@code /status}. Every other
 * path outside the servlet gets 404 {@code Not Found} in the same shape, unless another servlet
 * serves that exact path. Responses carry no {@code Server} header.
 *
 * <p>{@link #close()} stops gracefully: the connector stops accepting, and requests in progress get
 * up to the stop timeout to finish.
 */
public final class ProgressHttpServer implements AutoCloseable {

    /** The maximum length of an accepted request target, in bytes: 128 KiB. */
    public static final int MAX_REQUEST_TARGET_BYTES = 128 * 1024;

    /** The bytes of headers accepted beside a request target of the maximum length. */
    public static final int HEADER_ALLOWANCE_BYTES = 16 * 1024;

    /**
     * The limit of the request line and the headers together, in bytes, as {@link
     * HttpConfiguration#setRequestHeaderSize} counts them.
     */
    public static final int REQUEST_HEADER_BYTES =
            MAX_REQUEST_TARGET_BYTES + HEADER_ALLOWANCE_BYTES;

    private static final System.Logger LOG = System.getLogger(ProgressHttpServer.class.getName());

    private final Server server;
    private final ServerConnector connector;
    private final BatchProgressServlet servlet;

    private ProgressHttpServer(
            Server server, ServerConnector connector, BatchProgressServlet servlet) {
        this.server = server;
        this.connector = connector;
        this.servlet = servlet;
    }

    /**
     * Starts a server.
     *
     * @param host the address to listen on, such as {@code 127.0.0.1}, or {@code 0.0.0.0} for every
     *     IPv4 address
     * @param port the port to listen on, from 0 to 65535; 0 picks a free port
     * @param servlet the servlet to serve at {@link BatchProgressServlet#URL_PATTERN}
     * @param stopTimeout how long {@link #close()} waits for requests in progress
     * @return the started server
     * @throws IOException if the server cannot listen on the address and port, for example because
     *     another process uses the port
     */
    public static ProgressHttpServer start(
            String host, int port, BatchProgressServlet servlet, Duration stopTimeout)
            throws IOException {
        return start(host, port, servlet, Map.of(), stopTimeout);
    }

    /**
     * Starts a server that also serves other servlets at exact paths, such as {@code /metrics}.
     *
     * @param host the address to listen on, as {@link #start(String, int, BatchProgressServlet,
     *     Duration)} takes it
     * @param port the port to listen on, from 0 to 65535; 0 picks a free port
     * @param servlet the servlet to serve at {@link BatchProgressServlet#URL_PATTERN}
     * @param others servlets by the exact path they serve, such as {@code /openapi.json}
     * @param stopTimeout how long {@link #close()} waits for requests in progress
     * @return the started server
     * @throws IOException if the server cannot listen on the address and port
     */
    public static ProgressHttpServer start(
            String host,
            int port,
            BatchProgressServlet servlet,
            Map<String, ? extends Servlet> others,
            Duration stopTimeout)
            throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(servlet, "servlet");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    "port " + port + " is out of range; expected 0 to 65535");
        }

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("progress-http");
        Server server = new Server(threads);
        server.setStopTimeout(stopTimeout.toMillis());
        server.setErrorHandler(new JsonErrorHandler());

        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new JsonErrorHandler());
        ServletHolder progress = new ServletHolder("batch_progress", servlet);
        progress.setAsyncSupported(true);
        context.addServlet(progress, BatchProgressServlet.URL_PATTERN);
        others.forEach((path, other) -> context.addServlet(new ServletHolder(path, other), path));
        ServletHolder statusPage = new ServletHolder("status_page", new StatusPageServlet());
        ServletMapping statusPaths = new ServletMapping();
        statusPaths.setServletName(statusPage.getName());
        statusPaths.setPathSpecs(StatusPageServlet.URL_PATTERNS);
        context.getServletHandler().addServlet(statusPage);
        context.getServletHandler().addServletMapping(statusPaths);
        context.addServlet(new ServletHolder("not_found", new NotFoundServlet()), "/");
        server.setHandler(new GracefulHandler(context));

        try {
            server.start();
        } catch (Exception e) {
            stopAfterFailedStart(server, e);
            throw new IOException(
                    "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new ProgressHttpServer(server, connector, servlet);
    }

    private static void stopAfterFailedStart(Server server, Exception failure) {
        try {
            server.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** Returns the port the server listens on, which is the chosen one when 0 was requested. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Returns the address the server listens on, as given to {@link #start}. */
    public String host() {
        String host = connector.getHost();
        return host == null ? "0.0.0.0" : host;
    }

    /**
     * Returns the URL of the endpoint for a client on this machine. A server that listens on every
     * address is reached through 127.0.0.1.
     */
    public URI endpoint() {
        String host = host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/batch_progress");
    }

    /**
     * Stops the server gracefully: no new connections, and up to the stop timeout for requests in
     * progress. Closing a stopped server does nothing.
     */
    @Override
    public void close() {
        if (server.isStopped()) {
            return;
        }
        // Open event streams would hold the graceful stop until its timeout.
        servlet.endStreams();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "embedded Jetty did not stop cleanly", e);
        }
    }
}
