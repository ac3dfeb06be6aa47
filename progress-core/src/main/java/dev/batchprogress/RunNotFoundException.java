package dev.batchprogress;

import java.io.Serial;

/**
 * Thrown when an id names no run the caller may see (a 400 response with the detail {@code Unable
 * to find any batch runs for tracking_id: <id>}). A run of another organization is reported exactly
 * like one that does not exist.
 */
public final class RunNotFoundException extends ProgressException {

    @Serial private static final long serialVersionUID = 1L;

    /** The id that was not found, as echoed in the detail. */
    private final String trackingId;

    RunNotFoundException(String echoedTrackingId) {
        super(Details.runNotFound(echoedTrackingId));
        this.trackingId = echoedTrackingId;
    }

    /** {@return the id that was not found, as sent and cut to 128 code points} */
    public String trackingId() {
        return trackingId;
    }
}
