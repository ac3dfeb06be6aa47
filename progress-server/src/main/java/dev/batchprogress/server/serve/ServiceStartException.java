package dev.batchprogress.server.serve;

import java.io.Serial;

/**
 * Thrown when {@link ProgressService} cannot start because of its environment: the port is in use,
 * or the database cannot be reached or its schema cannot be created. The message names what failed,
 * on which address, and what to check. It never contains a token or password.
 */
public final class ServiceStartException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to check
     * @param cause the underlying failure
     */
    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
