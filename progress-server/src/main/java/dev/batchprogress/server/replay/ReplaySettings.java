package dev.batchprogress.server.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a replay: seed, owner, pacing, report interval, failure shares and concurrency.
 *
 * @param seed the seed of every random choice; the same seed and files give the same tracking ids
 *     and the same recorded events
 * @param organization the organization that owns the replayed runs, not blank
 * @param speed simulated seconds per real second, greater than 0; {@link #UNPACED} replays without
 *     waiting
 * @param interval the simulated time between two progress reports, from 1 ms to 365 days
 * @param failureShare the probability in [0, 1] that a geocoded facility fails in a randomly chosen
 *     flow
 * @param taskFailureShare the probability in [0, 1] that a task fails, which fails its stage and
 *     stops its run
 * @param concurrency the maximum number of facilities of one supply shed run in flows at the same
 *     time, at least 1
 */
public record ReplaySettings(
        long seed,
        String organization,
        double speed,
        Duration interval,
        double failureShare,
        double taskFailureShare,
        int concurrency) {

    /** The default seed. */
    public static final long DEFAULT_SEED = 42;

    /** The default owning organization. */
    public static final String DEFAULT_ORGANIZATION = "demo";

    /**
     * The default speed in simulated seconds per real second. The bundled files replay in about 17
     * simulated minutes, so the default replay took 18 seconds of wall time, JVM start included, on
     * a 2-core virtual machine.
     */
    public static final double DEFAULT_SPEED = 60;

    /**
     * The default report interval in simulated seconds. With the other defaults, the bundled files
     * get 17 reports.
     */
    public static final long DEFAULT_INTERVAL_SECONDS = 60;

    /**
     * The default share of facilities that fail in a flow. The facility lists record no outcomes,
     * so failures are injected to show the failed count move.
     */
    public static final double DEFAULT_FAILURE_SHARE = 0.03;

    /** The default share of tasks that fail: none, because the traces record no failed tasks. */
    public static final double DEFAULT_TASK_FAILURE_SHARE = 0;

    /** The default maximum number of facilities of one run in flows at the same time. */
    public static final int DEFAULT_CONCURRENCY = 64;

    /** The speed that replays without waiting: simulated time passes in no real time. */
    public static final double UNPACED = Double.POSITIVE_INFINITY;

    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(365);

    /** Validates the components. */
    public ReplaySettings {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(interval, "interval");
        if (organization.isBlank()) {
            throw new IllegalArgumentException("organization is blank; expected a name");
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException(
                    "speed " + speed + " is invalid; expected a positive number or UNPACED");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    "report interval " + interval + " is out of range; expected 1 ms to 365 days");
        }
        checkShare("failure share", failureShare);
        checkShare("task failure share", taskFailureShare);
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "concurrency " + concurrency + " is invalid; expected at least 1");
        }
    }

    /** Returns the default settings. */
    public static ReplaySettings defaults() {
        return new ReplaySettings(
                DEFAULT_SEED,
                DEFAULT_ORGANIZATION,
                DEFAULT_SPEED,
                Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS),
                DEFAULT_FAILURE_SHARE,
                DEFAULT_TASK_FAILURE_SHARE,
                DEFAULT_CONCURRENCY);
    }

    /** Returns a copy with another seed. */
    public ReplaySettings withSeed(long newSeed) {
        return new ReplaySettings(
                newSeed,
                organization,
                speed,
                interval,
                failureShare,
                taskFailureShare,
                concurrency);
    }

    /** Returns a copy with another speed; {@link #UNPACED} replays without waiting. */
    public ReplaySettings withSpeed(double newSpeed) {
        return new ReplaySettings(
                seed,
                organization,
                newSpeed,
                interval,
                failureShare,
                taskFailureShare,
                concurrency);
    }

    /** Returns a copy with another facility failure share. */
    public ReplaySettings withFailureShare(double newShare) {
        return new ReplaySettings(
                seed, organization, speed, interval, newShare, taskFailureShare, concurrency);
    }

    /** Returns a copy with another task failure share. */
    public ReplaySettings withTaskFailureShare(double newShare) {
        return new ReplaySettings(
                seed, organization, speed, interval, failureShare, newShare, concurrency);
    }

    /** Returns whether the replay runs without waiting for real time. */
    public boolean unpaced() {
        return Double.isInfinite(speed);
    }

    private static void checkShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    name + " " + share + " is out of range; expected a number from 0 to 1");
        }
    }
}
