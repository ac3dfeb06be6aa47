package dev.batchprogress.server.replay;

import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a finished replay.
 *
 * @param simulatedDuration the simulated time from the start to the last recorded event
 * @param injectedFailures per run, the number of failures the replay injected: failed facilities of
 *     a supply shed run (ungeocoded ones not included), failed tasks of a batch process run
 */
public record ReplaySummary(Duration simulatedDuration, Map<TrackingId, Integer> injectedFailures) {

    /** Validates the components and copies the map. */
    public ReplaySummary {
        Objects.requireNonNull(simulatedDuration, "simulatedDuration");
        injectedFailures = Map.copyOf(injectedFailures);
    }

    /**
     * Returns the number of failures injected into one run.
     *
     * @param trackingId a run of the replay
     * @return the number of failed facilities or tasks, 0 for a run the replay does not contain
     */
    public int injectedFailures(TrackingId trackingId) {
        return injectedFailures.getOrDefault(trackingId, 0);
    }
}
