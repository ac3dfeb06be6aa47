package dev.batchprogress;

import java.io.Serial;

/**
 * Thrown by {@link ProgressTracker} when it cannot compute the progress a query requests. Each
 * subclass stands for one kind of error response and carries its wire {@code detail}; adapters map
 * the subclass to a status.
 */
public abstract sealed class ProgressException extends RuntimeException
        permits InvalidQueryException,
                RunNotFoundException,
                QueryValidationException,
                PermissionDeniedException,
                ProgressUnavailableException {

    @Serial private static final long serialVersionUID = 1L;

    /** The wire {@code detail} string. */
    private final String detail;

    ProgressException(String detail) {
        super(detail);
        this.detail = detail;
    }

    ProgressException(String detail, String message, Throwable cause) {
        super(message, cause);
        this.detail = detail;
    }

    /**
     * Returns the wire {@code detail} string, such as {@code No tracking ids provided}. For a
     * {@link QueryValidationException} the wire detail is the list of its errors, and this returns
     * the first error's message.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }
}
