package dev.batchprogress.server.watch;

import java.io.Serial;

/** Thrown when a server-sent event stream breaks a limit of {@link EventStreamParser}. */
final class EventStreamException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the stream did and what was expected
     */
    EventStreamException(String message) {
        super(message);
    }
}
