package dev.batchprogress.server.replay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Holds a replay back so that simulated time passes at a chosen speed against real time. */
interface Pacer {

    /**
     * Waits until the real time that corresponds to a simulated time. The first call fixes the real
     * time of the simulated start.
     *
     * @param simulatedNanos the simulated time since the start, in nanoseconds
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void awaitSimulated(long simulatedNanos) throws InterruptedException;

    /**
     * Returns the pacer for a speed.
     *
     * @param speed simulated seconds per real second; {@link ReplaySettings#UNPACED} never waits
     * @return the pacer
     */
    static Pacer forSpeed(double speed) {
        if (Double.isInfinite(speed)) {
            return simulatedNanos -> {
                // Without waits, an interrupt would never be seen, so check for one here.
                if (Thread.interrupted()) {
                    throw new InterruptedException("replay interrupted");
                }
            };
        }
        return new RealTimePacer(speed, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Sleeps for a number of nanoseconds, or less when interrupted. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** A pacer that sleeps until {@code start + simulated / speed} on a monotonic clock. */
    final class RealTimePacer implements Pacer {

        private final double speed;
        private final LongSupplier nanoTime;
        private final Sleeper sleeper;
        private boolean started;
        private long startNanos;

        RealTimePacer(double speed, LongSupplier nanoTime, Sleeper sleeper) {
            this.speed = speed;
            this.nanoTime = nanoTime;
            this.sleeper = sleeper;
        }

        @Override
        public void awaitSimulated(long simulatedNanos) throws InterruptedException {
            // A replay behind its schedule, such as one recording into a slow database, never
            // sleeps. So it would never see an interrupt unless it checks here.
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted");
            }
            if (!started) {
                started = true;
                startNanos = nanoTime.getAsLong() - (long) (simulatedNanos / speed);
            }
            // Waiting for a target time, not for a delta, keeps rounding from adding up over a run.
            long target = startNanos + (long) (simulatedNanos / speed);
            for (long remaining = target - nanoTime.getAsLong();
                    remaining > 0;
                    remaining = target - nanoTime.getAsLong()) {
                sleeper.sleep(remaining);
            }
        }
    }
}
