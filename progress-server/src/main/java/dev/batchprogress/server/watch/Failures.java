package dev.batchprogress.server.watch;

import dev.batchprogress.ValidationError;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.server.report.TerminalLines;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * The one-line descriptions of what went wrong in a watcher: failed connections and rejected
 * requests. Text from the server is cut and has its control characters replaced, so that it cannot
 * flood or drive the terminal.
 */
final class Failures {

    /** The maximum number of characters of server text quoted in a message. */
    static final int MAX_QUOTED_LENGTH = 300;

    private static final ProgressJson JSON = ProgressJson.create();

    private Failures() {}

    /**
     * Returns whether a failure means that no connection could be opened: the connection was
     * refused or timed out, the host is unknown, or the TLS handshake failed.
     */
    static boolean cannotConnect(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException
                    || cause instanceof UnknownHostException
                    || cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Describes a failed request or connection in a few words, such as {@code connection refused}.
     */
    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage();
        if (cause instanceof HttpConnectTimeoutException) {
            return "connection timed out after " + Watcher.format(ProgressClient.CONNECT_TIMEOUT);
        }
        if (cause instanceof HttpTimeoutException) {
            return "no response within " + Watcher.format(ProgressClient.POLL_TIMEOUT);
        }
        if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
            return "unknown host" + (message == null ? "" : " " + message);
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String described = firstMessage(cause);
        return described == null ? cause.getClass().getSimpleName() : described;
    }

    /**
     * Describes a response with a status from 400 up: the status, its reason phrase, and the
     * server's {@code detail}, such as {@code 401 Unauthorized: Not authenticated}.
     */
    static String status(int status, String contentType, String body) {
        String reason = reasonPhrase(status);
        String detail = detail(contentType, body);
        if (detail.equalsIgnoreCase(reason)) {
            // A detail such as "Not Found" only repeats the reason phrase.
            detail = "";
        }
        return status
                + (reason.isEmpty() ? "" : " " + reason)
                + (detail.isEmpty() ? "" : ": " + detail);
    }

    /**
     * Returns the {@code detail} of a JSON error body: the string, or the messages of a validation
     * list joined by {@code ; }. Returns the empty string when the body is not such JSON.
     */
    static String detail(String contentType, String body) {
        if (!EventStream.contentType(contentType).equals("application/json")) {
            return "";
        }
        try {
            return shorten(JSON.readDetail(body));
        } catch (IllegalArgumentException notAString) {
            try {
                List<ValidationError> errors = JSON.readValidationErrors(body);
                return shorten(
                        errors.stream()
                                .map(ValidationError::message)
                                .collect(Collectors.joining("; ")));
            } catch (IllegalArgumentException notAList) {
                return "";
            }
        }
    }

    /** Returns server text on one line, cut to {@value #MAX_QUOTED_LENGTH} characters. */
    static String shorten(String text) {
        String line = TerminalLines.printable(text.strip());
        if (line.length() <= MAX_QUOTED_LENGTH) {
            return line;
        }
        return line.substring(0, MAX_QUOTED_LENGTH - 3) + "...";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        // The HTTP client can report an unknown host or a connect timeout as the cause of a more
        // general exception, and the cause names the problem better.
        for (Throwable inner = cause; inner != null; inner = inner.getCause()) {
            if (inner instanceof UnresolvedAddressException
                    || inner instanceof HttpConnectTimeoutException) {
                return inner;
            }
        }
        return cause;
    }

    private static @Nullable String firstMessage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank()) {
                return shorten(message);
            }
        }
        return null;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 414 -> "URI Too Long";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
