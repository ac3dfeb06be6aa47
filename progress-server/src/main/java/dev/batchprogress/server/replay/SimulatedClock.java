package dev.batchprogress.server.replay;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock of a replay: a fixed origin plus the simulated time that the replay has reached. The
 * replay thread advances it, and any thread may read it.
 */
final class SimulatedClock implements InstantSource {

    private final Instant origin;
    private volatile long elapsedNanos;

    SimulatedClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos);
    }

    /**
     * Moves the clock forward.
     *
     * @param nanos the simulated time since the origin, in nanoseconds, not before the current one
     */
    void advanceTo(long nanos) {
        if (nanos < elapsedNanos) {
            throw new IllegalArgumentException(
                    "simulated time "
                            + nanos
                            + " ns is before the current "
                            + elapsedNanos
                            + " ns");
        }
        elapsedNanos = nanos;
    }
}
