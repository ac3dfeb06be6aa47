package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response before it is sent: status, headers and a JSON body (or none, for a CORS
 * preflight). The same reply serves GET and HEAD. HEAD gets every header, {@code Content-Length}
 * included, and no body.
 */
final class Reply {

    /** The exact {@code Content-Type} of every JSON body, without a charset parameter. */
    static final String JSON = "application/json";

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final byte[] body;
    private final boolean json;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(int status, byte[] body, boolean json, String cacheControl) {
        this.status = status;
        this.body = body;
        this.json = json;
        headers.put("Cache-Control", cacheControl);
    }

    /** Returns a 200 reply with a progress answer, which clients may cache but must revalidate. */
    static Reply answer(byte[] json) {
        return new Reply(HttpServletResponse.SC_OK, json, true, "private, no-cache");
    }

    /** Returns an error reply with a {@code {"detail": ...}} body, which no cache may store. */
    static Reply error(int status, byte[] json) {
        return new Reply(status, json, true, "no-store");
    }

    /** Returns the 200 reply to a CORS preflight request, without a body. */
    static Reply preflight() {
        return new Reply(HttpServletResponse.SC_OK, NO_BODY, false, "no-store");
    }

    /** Returns the reply's status, such as 200. */
    int status() {
        return status;
    }

    /** Sets a header, replacing an earlier value of the same name, and returns this reply. */
    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * Writes this reply through the response's output stream, never its writer, so the container
     * adds no charset to the content type.
     *
     * @param response the response, not yet committed
     * @param head whether the request was HEAD, which gets the headers without the body
     * @throws IOException if the client cannot be written to
     */
    void send(HttpServletResponse response, boolean head) throws IOException {
        response.setStatus(status);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        if (json) {
            response.setContentType(JSON);
        }
        response.setContentLength(body.length);

        if (!head && body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
