package dev.batchprogress.server.http;

import dev.batchprogress.Details;
import dev.batchprogress.json.ProgressJson;
import java.nio.charset.StandardCharsets;

/**
 * The JSON error responses that the server sends itself, outside the servlet: the status the wire
 * contract allows for a status Jetty chose, and the body {@code {"detail": ...}} with the
 * contract's detail string.
 */
final class JsonErrors {

    /** The exact {@code Content-Type} of every error body, the same as the servlet sends. */
    static final String CONTENT_TYPE = "application/json";

    /** The {@code Cache-Control} value of every error response. */
    static final String CACHE_CONTROL = "no-store";

    /** The {@code Retry-After} value, in seconds, of a 503 response. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final ProgressJson JSON = ProgressJson.create();

    private JsonErrors() {}

    /**
     * Maps a status that Jetty chose to one the wire contract allows. The contract's statuses stay.
     * Jetty's parser rejects an unknown HTTP version with 505 and an unknown transfer coding with
     * 501. Both are malformed requests, so they become 400 like any other client error. Any other
     * status becomes 500.
     *
     * @param status the status Jetty chose, such as 414
     * @return 400, 404, 405, 414, 431, 500 or 503
     */
    static int contractStatus(int status) {
        return switch (status) {
            case 400, 404, 405, 414, 431, 500, 503 -> status;
            case 501, 505 -> 400;
            default -> status >= 400 && status < 500 ? 400 : 500;
        };
    }

    /**
     * Returns the detail string of a status that {@link #contractStatus} returned.
     *
     * @param status a status of the contract
     * @return the detail string, such as {@value Details#URI_TOO_LONG} for 414
     */
    static String detail(int status) {
        return switch (status) {
            case 404 -> Details.NOT_FOUND;
            case 405 -> Details.METHOD_NOT_ALLOWED;
            case 414 -> Details.URI_TOO_LONG;
            case 431 -> Details.HEADERS_TOO_LARGE;
            case 500 -> Details.INTERNAL_SERVER_ERROR;
            case 503 -> Details.UNAVAILABLE;
            default -> Details.BAD_REQUEST;
        };
    }

    /** Returns the UTF-8 JSON body of a status that {@link #contractStatus} returned. */
    static byte[] body(int status) {
        return JSON.errorJson(detail(status)).getBytes(StandardCharsets.UTF_8);
    }
}
