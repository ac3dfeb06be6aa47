package dev.batchprogress.server.watch;

import java.io.Serial;

/**
 * Thrown when a watcher cannot tell how a run ends: the server rejected the request, could not be
 * reached, broke the protocol, or the run did not end within the timeout.
 */
public final class WatchException extends Exception {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line that names the problem, such as the status and the server's detail
     */
    public WatchException(String message) {
        super(message);
    }
}
