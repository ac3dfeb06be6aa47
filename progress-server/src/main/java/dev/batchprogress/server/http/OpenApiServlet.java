package dev.batchprogress.server.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.UncheckedIOException;

/**
 * Serves {@code GET /openapi.json}: the OpenAPI 3.1 document of the server's endpoints, read once
 * from the resource {@value #RESOURCE}, without authentication. HEAD gets the headers without the
 * body, and other methods get 405 in the JSON shape of the other errors.
 */
public final class OpenApiServlet extends HttpServlet {

    @Serial private static final long serialVersionUID = 1L;

    /** The class path resource of the document. */
    public static final String RESOURCE = "/dev/batchprogress/server/http/openapi.json";

    private final byte[] document;

    /**
     * Creates the servlet and reads the document.
     *
     * @throws IllegalStateException if the resource is missing from the class path
     */
    public OpenApiServlet() {
        this.document = document();
    }

    /**
     * Returns the bytes of the document.
     *
     * @return UTF-8 JSON
     * @throws IllegalStateException if the resource is missing from the class path
     */
    public static byte[] document() {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the OpenAPI document " + RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            byte[] body = JsonErrors.body(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            response.setHeader("Allow", "GET, HEAD");
            response.setHeader("Cache-Control", JsonErrors.CACHE_CONTROL);
            response.setContentType(JsonErrors.CONTENT_TYPE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(JsonErrors.CONTENT_TYPE);
        response.setContentLength(document.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(document);
        }
    }
}
