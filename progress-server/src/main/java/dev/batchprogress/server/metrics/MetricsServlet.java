package dev.batchprogress.server.metrics;

import dev.batchprogress.Details;
import dev.batchprogress.json.ProgressJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves {@code GET /metrics}: every meter of the server in the Prometheus text format, without
 * authentication. The meters carry counts, durations and sizes with labels from fixed sets, never a
 * tracking id, organization or token. HEAD gets the headers without the body, and other methods get
 * 405 in the JSON shape of the other errors.
 */
public final class MetricsServlet extends HttpServlet {

    @Serial private static final long serialVersionUID = 1L;

    /** The content type of the Prometheus text format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient ServerMetrics metrics;

    /**
     * Creates the servlet.
     *
     * @param metrics the metrics to serve
     */
    public MetricsServlet(ServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            byte[] body =
                    ProgressJson.create()
                            .errorJson(Details.METHOD_NOT_ALLOWED)
                            .getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "GET, HEAD");
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(body);
        }
    }
}
