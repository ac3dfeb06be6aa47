package dev.batchprogress.recording;

import java.io.Serial;

/**
 * Thrown when a run is registered under a tracking id that already names a run with another
 * organization, kind, filename, pipeline or facility count.
 */
public final class RunConflictException extends RecordingException {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the conflicting id and what differs
     */
    public RunConflictException(String message) {
        super(message);
    }
}
