package dev.batchprogress.recording;

import dev.batchprogress.model.TrackingId;
import org.jspecify.annotations.Nullable;

/**
 * Told after a recorder committed a change to a run, for example to drop cached answers so that a
 * query after a write sees it.
 */
@FunctionalInterface
public interface RunChangeListener {

    /** A listener that does nothing. */
    RunChangeListener NONE = (organization, trackingId, filename) -> {};

    /**
     * Receives a committed change.
     *
     * @param organization the run's organization
     * @param trackingId the run's tracking id
     * @param filename the content hash of the run's file, or {@code null}
     */
    void runChanged(String organization, TrackingId trackingId, @Nullable TrackingId filename);
}
