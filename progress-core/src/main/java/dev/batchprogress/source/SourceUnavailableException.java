package dev.batchprogress.source;

import java.io.Serial;

/**
 * Thrown by a {@link RunStateSource} that is unavailable: its database is down, it timed out, or it
 * read a state that breaks the progress invariants. The request may succeed later.
 */
public class SourceUnavailableException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, for logs; never shown to clients
     * @param cause the underlying failure
     */
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what failed, for logs; never shown to clients
     */
    public SourceUnavailableException(String message) {
        super(message);
    }
}
