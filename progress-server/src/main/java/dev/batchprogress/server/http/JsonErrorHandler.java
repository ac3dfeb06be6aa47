package dev.batchprogress.server.http;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Writes the errors that Jetty generates itself in the wire contract's JSON shape, in place of
 * Jetty's HTML error pages. These are a request line or headers that are too long (414, 431), a
 * malformed request (400), and a failure before any servlet ran (500).
 *
 * <p>The response has the status of {@link JsonErrors#contractStatus}, the body {@code
 * {"detail":...}}, {@code Content-Type: application/json} and {@code Cache-Control: no-store}, and
 * never a stack trace or Jetty's reason phrase. A HEAD request gets the headers without the body.
 * Client errors are logged at DEBUG, because any client can cause them; server errors at ERROR with
 * their cause.
 */
final class JsonErrorHandler implements Request.Handler {

    private static final System.Logger LOG = System.getLogger(JsonErrorHandler.class.getName());

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int jettyStatus = response.getStatus();
        Throwable cause = cause(request);
        if (cause instanceof HttpException failure) {
            jettyStatus = failure.getCode();
        }
        int status = JsonErrors.contractStatus(jettyStatus);
        log(request, jettyStatus, status, cause);

        byte[] body = JsonErrors.body(status);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, JsonErrors.CONTENT_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, JsonErrors.CACHE_CONTROL);
        if (status == 503) {
            headers.put(HttpHeader.RETRY_AFTER, JsonErrors.RETRY_AFTER_SECONDS);
        }
        headers.put(new HttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length)));
        // NOTE: Jetty reports a request whose request line it rejected as method BAD, so a HEAD
        // request with a malformed target or version gets the body. The connection closes after it.
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    private static @Nullable Throwable cause(Request request) {
        Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        return cause instanceof Throwable throwable ? throwable : null;
    }

    private static void log(
            Request request, int jettyStatus, int status, @Nullable Throwable cause) {
        if (status < 500 || cause instanceof EofException) {
            // A client that closes or stalls its connection causes these; it is no server fault.
            LOG.log(
                    Level.DEBUG,
                    () -> "answered " + status + " for Jetty's " + jettyStatus + ": " + cause);
            return;
        }
        // The request target is left out: it may carry anything a client sent.
        LOG.log(
                Level.ERROR,
                "answered "
                        + status
                        + " to a "
                        + request.getMethod()
                        + " request that failed outside the batch progress servlet",
                cause);
    }
}
