package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP response before it is sent: status, headers and a JSON body, no body (a CORS preflight
 * or a 304), or an event stream that opens once the headers are set. The same reply serves GET and
 * HEAD. HEAD gets every header, {@code Content-Length} included, and no body.
 */
final class Reply {

    /** The exact {@code Content-Type} of every JSON body, without a charset parameter. */
    static final String JSON = "application/json";

    /** The {@code Content-Type} of an event stream, which is always UTF-8. */
    static final String EVENT_STREAM = "text/event-stream";

    private static final byte[] NO_BODY = new byte[0];

    /** Starts an event stream on a response whose status and headers are set. */
    @FunctionalInterface
    interface Opening {
        void open(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final int status;
    private final byte[] body;
    private final @Nullable String contentType;
    private final @Nullable Opening opening;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(
            int status,
            byte[] body,
            @Nullable String contentType,
            String cacheControl,
            @Nullable Opening opening) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.opening = opening;
        headers.put("Cache-Control", cacheControl);
    }

    /**
     * Returns a 200 reply with a progress answer, which clients may cache but must revalidate with
     * its entity tag.
     */
    static Reply answer(byte[] json, String entityTag, Optional<Instant> lastModified) {
        Reply reply = new Reply(HttpServletResponse.SC_OK, json, JSON, "private, no-cache", null);
        return reply.validators(entityTag, lastModified);
    }

    /**
     * Returns a 200 reply with a breakdown. It has no entity tag, because its time and estimates
     * change even while its runs do not.
     */
    static Reply details(byte[] json) {
        return new Reply(HttpServletResponse.SC_OK, json, JSON, "private, no-cache", null);
    }

    /**
     * Returns the 304 reply to a request whose {@code If-None-Match} names the current answer.
     *
     * <p>NOTE: Jetty writes {@code Content-Length: 0} on it. RFC 9110 wants the 200's length or
     * none, but clients built on the old http_parser (wrk among them) then wait for that many body
     * bytes, so the header is left to the container.
     */
    static Reply notModified(String entityTag, Optional<Instant> lastModified) {
        Reply reply =
                new Reply(
                        HttpServletResponse.SC_NOT_MODIFIED,
                        NO_BODY,
                        null,
                        "private, no-cache",
                        null);
        return reply.validators(entityTag, lastModified);
    }

    /** Returns an error reply with a {@code {"detail": ...}} body, which no cache may store. */
    static Reply error(int status, byte[] json) {
        return new Reply(status, json, JSON, "no-store", null);
    }

    /** Returns the 200 reply to a CORS preflight request, without a body. */
    static Reply preflight() {
        return new Reply(HttpServletResponse.SC_OK, NO_BODY, null, "no-store", null);
    }

    /** Returns a 200 event stream reply; a HEAD request gets its headers only. */
    static Reply eventStream(Opening opening) {
        return new Reply(HttpServletResponse.SC_OK, NO_BODY, EVENT_STREAM, "no-store", opening);
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

    private Reply validators(String entityTag, Optional<Instant> lastModified) {
        headers.put("ETag", entityTag);
        lastModified.ifPresent(time -> headers.put("Last-Modified", HttpDates.format(time)));
        return this;
    }

    /**
     * Writes this reply through the response's output stream, never its writer, so the container
     * adds no charset to the content type.
     *
     * @param request the request, for HEAD and for opening an event stream
     * @param response the response, not yet committed
     * @throws IOException if the client cannot be written to
     */
    void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean head = request.getMethod().equals("HEAD");
        response.setStatus(status);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        if (contentType != null) {
            response.setContentType(contentType);
        }
        if (opening != null) {
            if (!head) {
                opening.open(request, response);
            }
            return;
        }
        if (status == HttpServletResponse.SC_NOT_MODIFIED) {
            return;
        }
        response.setContentLength(body.length);
        if (!head && body.length > 0) {
            response.getOutputStream().write(body);
        }
    }
}
