package dev.batchprogress.recording;

import java.io.Serial;

/**
 * Thrown when a recorder could not reach its store, such as a database that is down. The event may
 * or may not have been recorded; delivering it again is safe, because events are idempotent.
 */
public final class RecorderUnavailableException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and for which run
     * @param cause the underlying failure
     */
    public RecorderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
