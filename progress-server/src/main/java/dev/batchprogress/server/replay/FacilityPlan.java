package dev.batchprogress.server.replay;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.server.data.Facility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How long one facility of a supply shed run stays in each flow of {@link Pipeline#SUPPLY_SHED},
 * and whether it fails.
 *
 * <p>The facility lists record no timings, so they are drawn. Each flow has a mean duration, scaled
 * up for facilities of larger capacity, with log-normal noise of mean 1.
 *
 * @param flowDurations the time spent in each flow the facility enters, in flow order: all seven
 *     flows, or up to and including the flow it fails in
 * @param fails whether the facility fails at the end of its last listed duration instead of moving
 *     on or completing
 */
record FacilityPlan(List<Duration> flowDurations, boolean fails) {

    /**
     * Mean seconds per flow of {@link Pipeline#SUPPLY_SHED}, in flow order. The steps that work on
     * satellite imagery, {@code detect_plots} and {@code start_zonal_stats}, take longest. The
     * orchestration steps between them are short. The values are estimates chosen for a demo, not
     * measurements.
     */
    private static final double[] MEAN_FLOW_SECONDS = {2, 20, 6, 3, 15, 12, 4};

    /** The standard deviation of the logarithm of the noise factor. */
    private static final double NOISE_SIGMA = 0.4;

    /** The scale for a facility with no usable capacity, that of a plant of about 100 MW. */
    private static final double UNKNOWN_CAPACITY_SCALE = capacityScale(100);

    /** Validates the components and copies the list. */
    FacilityPlan {
        flowDurations = List.copyOf(flowDurations);
        if (flowDurations.isEmpty() || flowDurations.size() > MEAN_FLOW_SECONDS.length) {
            throw new IllegalArgumentException(
                    flowDurations.size()
                            + " flow durations; expected 1 to "
                            + MEAN_FLOW_SECONDS.length);
        }
        if (!fails && flowDurations.size() != MEAN_FLOW_SECONDS.length) {
            throw new IllegalArgumentException(
                    "a facility that does not fail must have a duration for each of the "
                            + MEAN_FLOW_SECONDS.length
                            + " flows");
        }
    }

    /**
     * Draws the plan of one facility.
     *
     * @param facility the facility, whose capacity scales its durations
     * @param failureShare the probability in [0, 1] that the facility fails
     * @param random the run's random generator
     * @return the plan
     */
    static FacilityPlan draw(Facility facility, double failureShare, RandomGenerator random) {
        boolean fails = random.nextDouble() < failureShare;
        int flows = fails ? 1 + random.nextInt(MEAN_FLOW_SECONDS.length) : MEAN_FLOW_SECONDS.length;
        Double capacity = facility.capacityMegawatts();
        double scale = capacity == null ? UNKNOWN_CAPACITY_SCALE : capacityScale(capacity);

        List<Duration> durations = new ArrayList<>(flows);
        for (int flow = 0; flow < flows; flow++) {
            double noise =
                    Math.exp(NOISE_SIGMA * random.nextGaussian() - NOISE_SIGMA * NOISE_SIGMA / 2);
            double seconds = MEAN_FLOW_SECONDS[flow] * scale * noise;
            durations.add(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        if (fails) {
            // A failure ends the flow partway through.
            int last = flows - 1;
            long partial = Math.round(durations.get(last).toMillis() * random.nextDouble());
            durations.set(last, Duration.ofMillis(partial));
        }
        return new FacilityPlan(durations, fails);
    }

    /**
     * Returns how much longer than the mean a facility of a capacity takes: 1.0 near 0 MW, 1.5 at
     * 100 MW, 1.75 at 1000 MW. A larger plant has a larger supply shed to process, and the
     * logarithm keeps the largest plants from dominating the run.
     */
    private static double capacityScale(double megawatts) {
        return 1 + Math.log10(1 + megawatts) / 4;
    }
}
