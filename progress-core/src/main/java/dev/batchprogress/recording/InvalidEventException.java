package dev.batchprogress.recording;

import java.io.Serial;

/**
 * Thrown when an event's arguments are invalid for its run: a stage, flow, task or facility number
 * out of range, an unknown flow name, a task that was never added, or a blank skip reason.
 */
public final class InvalidEventException extends RecordingException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the invalid value and what was expected
     */
    public InvalidEventException(String message) {
        super(message);
    }
}
