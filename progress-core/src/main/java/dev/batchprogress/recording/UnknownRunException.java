package dev.batchprogress.recording;

import dev.batchprogress.model.TrackingId;
import java.io.Serial;

/** Thrown when an event names a run that was never registered. */
public final class UnknownRunException extends RecordingException {

    @Serial private static final long serialVersionUID = 1L;

    /** The tracking id the event named, as sent. */
    private final String trackingId;

    /**
     * Creates the exception.
     *
     * @param trackingId the id the event named
     */
    public UnknownRunException(TrackingId trackingId) {
        super(
                "run "
                        + trackingId.echo()
                        + " is not registered; register it before recording events");
        this.trackingId = trackingId.value();
    }

    /** {@return the tracking id the rejected event named, as sent} */
    public String trackingId() {
        return trackingId;
    }
}
