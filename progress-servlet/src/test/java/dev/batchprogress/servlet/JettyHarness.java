package dev.batchprogress.servlet;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.source.RunStateSource;
import jakarta.servlet.Servlet;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10) server on a random port of 127.0.0.1, for tests over real HTTP.
 *
 * <p>The connector accepts request lines and headers of up to 128 KiB, the limit the servlet's
 * documentation asks of a container, so that a query of 1000 canonical ids fits.
 */
final class JettyHarness implements AutoCloseable {

    static final int REQUEST_HEADER_SIZE = 128 * 1024;

    private final Server server;
    private final ServerConnector connector;

    private JettyHarness(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts a server that serves one servlet at {@link BatchProgressServlet#URL_PATTERN}. */
    static JettyHarness serve(Servlet servlet) {
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, BatchProgressServlet.URL_PATTERN);
        return start(context);
    }

    /**
     * Starts a server that serves the servlet over a tracker of one source, with the test tokens of
     * {@link Fixtures#authenticator()} and default settings otherwise.
     */
    static JettyHarness serveSource(RunStateSource source) {
        return serve(
                BatchProgressServlet.builder(ProgressTracker.create(source))
                        .authenticator(Fixtures.authenticator())
                        .build());
    }

    /** Starts a server with the given handler, such as a web application context. */
    static JettyHarness start(Handler handler) {
        Server server = new Server();
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setRequestHeaderSize(REQUEST_HEADER_SIZE);
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("embedded Jetty failed to start", e);
        }
        return new JettyHarness(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Returns the URI of a path and query on this server, such as {@code /batch_progress?a=b}. */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Jetty failed to stop", e);
        }
    }
}
