package dev.batchprogress;

import java.io.Serial;

/**
 * Thrown when the run-state source failed, timed out, or returned a state that breaks the progress
 * invariants (a 503 response with the detail {@code Run state is temporarily unavailable}). The
 * query may succeed when retried.
 */
public final class ProgressUnavailableException extends ProgressException {

    @Serial private static final long serialVersionUID = 1L;

    ProgressUnavailableException(String message, Throwable cause) {
        super(Details.UNAVAILABLE, message, cause);
    }
}
