package dev.batchprogress.calculator;

import dev.batchprogress.details.Eta;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Estimates the time a run still needs from how fast it completed work over a sliding window. Pure
 * functions: the caller passes the observations and the current time.
 *
 * <p>Work is measured as the completed share of a run, from 0 to 1 ({@link #completedShare}). The
 * rate is the share gained over the window divided by the window's span, which runs from the first
 * observation to now, so a run that stops changing slows its own estimate down. The spread of the
 * rate is the time-weighted standard deviation of the rates between consecutive observations,
 * relative to the mean rate, and at least {@value #MIN_RELATIVE_SPREAD}. The range divides the work
 * left by the mean rate plus and minus that spread. A spread of 1 or more gives no upper bound.
 */
public final class EtaCalculator {

    /** The minimum number of observations with distinct changes before a range is given. */
    public static final int MIN_OBSERVATIONS = 3;

    /**
     * The minimum spread of the rate, relative to the mean rate. A run observed at a perfectly
     * steady rate still gets a range of ±10 % of the rate, because a few observations do not prove
     * that the rate will hold.
     */
    public static final double MIN_RELATIVE_SPREAD = 0.1;

    /**
     * The longest time left that is reported. An earliest bound beyond it makes the estimate
     * unknown, a latest bound beyond it makes the range open-ended.
     */
    public static final Duration MAX_TIME_LEFT = Duration.ofDays(3650);

    private static final double NANOS_PER_SECOND = 1e9;

    private EtaCalculator() {}

    /**
     * One observation of a run: its completed share at a time.
     *
     * @param at when the run had this share, usually the snapshot's change time
     * @param share the completed share, from 0 to 1
     */
    public record Observation(Instant at, double share) {

        /**
         * Validates the components.
         *
         * @param at when the run had this share, usually the snapshot's change time
         * @param share the completed share, from 0 to 1
         */
        public Observation {
            Objects.requireNonNull(at, "at");
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException(
                        "completed share " + share + " is invalid; expected 0 to 1");
            }
        }
    }

    /**
     * Computes the completed share of a run, from 0 to 1. A batch process weighs its stages
     * equally: a succeeded stage counts 1, another stage its finished tasks (succeeded or failed)
     * over its tasks, or 0 without tasks. A supply shed counts its finished facilities (completed,
     * failed or ungeocoded) over all of them. A skipped run, or a supply shed without facilities,
     * counts 1.
     *
     * <p>Note that a batch process's share goes down when tasks are added to a stage, as its
     * progress does.
     *
     * @param state a snapshot of the run
     * @return the share, from 0 to 1
     */
    public static double completedShare(RunState state) {
        if (state.skipReason().isPresent()) {
            return 1;
        }
        if (state instanceof BatchProcessState batchProcess) {
            double sum = 0;
            for (StageState stage : batchProcess.stages()) {
                sum += stageShare(stage);
            }
            return Math.min(1, sum / batchProcess.stages().size());
        }
        SupplyShedState supplyShed = (SupplyShedState) state;
        if (supplyShed.total() == 0) {
            return 1;
        }
        long finished = supplyShed.completed() + supplyShed.failed() + supplyShed.ungeocoded();
        return Math.min(1, (double) finished / supplyShed.total());
    }

    private static double stageShare(StageState stage) {
        if (stage.status() == StageStatus.SUCCEEDED) {
            return 1;
        }
        if (stage.total() == 0) {
            return 0;
        }
        return Math.min(1, (double) (stage.succeeded() + stage.failed()) / stage.total());
    }

    /**
     * Estimates the time left.
     *
     * @param observations the run's observations within the window, oldest first, the last one
     *     being the run's current state
     * @param now the current time; a time before the last observation counts as that observation's
     *     time
     * @param finished whether the run finished (complete, failed or skipped)
     * @param window the length of the sliding window the observations were taken from, reported
     *     with the estimate
     * @return {@link Eta.State#FINISHED} for a finished run. {@link Eta.State#UNKNOWN} with fewer
     *     than {@value #MIN_OBSERVATIONS} observations, without net progress over the window, or
     *     when even the fastest plausible rate needs more than {@link #MAX_TIME_LEFT}. Otherwise a
     *     range
     * @throws IllegalArgumentException if the observations are not in time order
     */
    public static Eta estimate(
            List<Observation> observations, Instant now, boolean finished, Duration window) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(window, "window");
        int count = observations.size();
        if (finished) {
            return Eta.finished(count, window);
        }
        if (count < MIN_OBSERVATIONS) {
            return Eta.unknown(count, window);
        }

        List<Observation> points = distinctTimes(observations, now);
        Observation first = points.get(0);
        Observation last = points.get(points.size() - 1);
        double span = seconds(first.at(), last.at());
        double meanRate = (last.share() - first.share()) / span;
        if (!(meanRate > 0)) {
            return Eta.unknown(count, window);
        }

        double spread =
                Math.max(MIN_RELATIVE_SPREAD, standardDeviation(points, meanRate, span) / meanRate);
        double left = 1 - last.share();
        double earliest = left / (meanRate * (1 + spread));
        double latest = spread < 1 ? left / (meanRate * (1 - spread)) : Double.POSITIVE_INFINITY;
        double maxSeconds = MAX_TIME_LEFT.toSeconds();
        if (earliest > maxSeconds) {
            return Eta.unknown(count, window);
        }
        return new Eta(
                Eta.State.ESTIMATED,
                count,
                window,
                duration(earliest),
                latest > maxSeconds ? null : duration(latest));
    }

    /**
     * Returns the observations with one point per instant (the later share wins), followed by the
     * last share at {@code now} when now is later: nothing changed between the last observation and
     * now, and that stillness is part of the rate.
     */
    private static List<Observation> distinctTimes(List<Observation> observations, Instant now) {
        List<Observation> points = new ArrayList<>(observations.size() + 1);
        for (Observation observation : observations) {
            Objects.requireNonNull(observation, "observation");
            if (!points.isEmpty()) {
                Observation previous = points.get(points.size() - 1);
                if (observation.at().isBefore(previous.at())) {
                    throw new IllegalArgumentException(
                            "observation at "
                                    + observation.at()
                                    + " comes after one at "
                                    + previous.at()
                                    + "; expected observations oldest first");
                }
                if (observation.at().equals(previous.at())) {
                    points.remove(points.size() - 1);
                }
            }
            points.add(observation);
        }
        Observation last = points.get(points.size() - 1);
        if (now.isAfter(last.at())) {
            points.add(new Observation(now, last.share()));
        }
        return points;
    }

    /**
     * Returns the time-weighted standard deviation of the rates between consecutive points around
     * the mean rate. The weights are the intervals' lengths, which add up to the span.
     */
    private static double standardDeviation(
            List<Observation> points, double meanRate, double span) {
        double sumOfSquares = 0;
        for (int i = 1; i < points.size(); i++) {
            double interval = seconds(points.get(i - 1).at(), points.get(i).at());
            double rate = (points.get(i).share() - points.get(i - 1).share()) / interval;
            sumOfSquares += interval * (rate - meanRate) * (rate - meanRate);
        }
        return Math.sqrt(sumOfSquares / span);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / NANOS_PER_SECOND;
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * NANOS_PER_SECOND));
    }
}
