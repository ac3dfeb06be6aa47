package dev.batchprogress.recording;

import java.io.Serial;

/**
 * Thrown when a recorder rejects an event. A rejected event changes nothing: the run's state and
 * version are exactly as before.
 */
public abstract sealed class RecordingException extends RuntimeException
        permits UnknownRunException,
                IllegalTransitionException,
                InvalidEventException,
                RunConflictException {

    @Serial private static final long serialVersionUID = 1L;

    RecordingException(String message) {
        super(message);
    }
}
