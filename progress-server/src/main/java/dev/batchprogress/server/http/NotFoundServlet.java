package dev.batchprogress.server.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;

/**
 * Responds to every path outside {@code /batch_progress} with 404 {@code {"detail":"Not Found"}},
 * for any method, in place of Jetty's HTML error page. HEAD gets the headers without the body.
 */
final class NotFoundServlet extends HttpServlet {

    @Serial private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = JsonErrors.body(HttpServletResponse.SC_NOT_FOUND);
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setHeader("Cache-Control", JsonErrors.CACHE_CONTROL);
        response.setContentType(JsonErrors.CONTENT_TYPE);
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
