package dev.batchprogress.jmh.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;

/**
 * The least a servlet can do to answer a progress request: write the same JSON bytes every time,
 * without authentication, parameters or a lookup. It is the ceiling the real servlet is measured
 * against on the same container.
 */
final class FixedJsonServlet extends HttpServlet {

    @Serial private static final long serialVersionUID = 1L;

    /** The body of every response; transient because a servlet's configuration is not state. */
    private final transient byte[] body;

    FixedJsonServlet(byte[] body) {
        this.body = body.clone();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
