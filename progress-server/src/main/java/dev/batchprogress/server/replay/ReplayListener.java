package dev.batchprogress.server.replay;

import java.time.Duration;

/**
 * Receives the progress of a replay. The replay calls it on the thread that runs the replay, once
 * the recorder has recorded every event up to the given simulated time.
 */
public interface ReplayListener {

    /**
     * Called at the start and then once per report interval of simulated time, while runs are still
     * going.
     *
     * @param elapsed the simulated time since the start
     */
    default void reportDue(Duration elapsed) {}

    /**
     * Called after the events of one simulated instant were recorded, which can be thousands of
     * times per second of real time when the replay does not wait.
     *
     * @param elapsed the simulated time since the start
     */
    default void advanced(Duration elapsed) {}

    /**
     * Called once after the last event was recorded.
     *
     * @param summary what the replay did
     */
    default void finished(ReplaySummary summary) {}

    /** Returns a listener that ignores every call. */
    static ReplayListener none() {
        return new ReplayListener() {};
    }
}
