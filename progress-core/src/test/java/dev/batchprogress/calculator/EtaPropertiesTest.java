package dev.batchprogress.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.calculator.EtaCalculator.Observation;
import dev.batchprogress.details.Eta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Properties of the estimate of the time left, over generated observation series. */
class EtaPropertiesTest {

    private static final int EXAMPLES = 500;
    private static final int SHRINK_CYCLES = 50;
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** Observations oldest first and the time of the estimate, not before the last one. */
    private record Series(List<Observation> observations, Instant now) {}

    /** Two series with the same times and the same first and last share. */
    private record Pair(Series steady, Series erratic) {}

    /**
     * Returns series of 0 to 12 observations, 1 ms to 10 min apart, whose share moves by up to 0.3
     * either way per step and stays within [0, 1], estimated up to 10 min after the last one.
     */
    private static Gen<Series> anySeries() {
        return series(0, 12);
    }

    /** Returns series as {@link #anySeries()} does, of a number of observations in a range. */
    private static Gen<Series> series(int minCount, int maxCount) {
        return source -> {
            int count = Generate.range(minCount, maxCount).generate(source);
            List<Observation> observations = new ArrayList<>();
            Instant at = START;
            double share = Generate.range(0, 1000).generate(source) / 1000.0;
            for (int i = 0; i < count; i++) {
                at = at.plusMillis(Generate.range(1, 600_000).generate(source));
                int step = Generate.range(-300, 300).generate(source);
                share = Math.max(0, Math.min(1, share + step / 1000.0));
                observations.add(new Observation(at, share));
            }
            Instant now = at.plusMillis(Generate.range(0, 600_000).generate(source));
            return new Series(observations, now);
        };
    }

    /**
     * Returns a steady series (equal intervals, equal gains) beside an erratic one whose gains
     * alternate between (1 + a) and (1 − a) times the steady gain, a from 0.5 to 1, so both gain
     * the same share over the same time. Both are estimated at their last observation.
     */
    private static Gen<Pair> steadyAndErratic() {
        return source -> {
            int intervals = 2 * Generate.range(1, 5).generate(source);
            long intervalMillis = Generate.range(1_000, 120_000).generate(source);
            double start = Generate.range(0, 300).generate(source) / 1000.0;
            double gain = Generate.range(1, 1000).generate(source) / 1000.0 * 0.6 / (intervals + 1);
            double amplitude = Generate.range(500, 1000).generate(source) / 1000.0;
            List<Observation> steady = new ArrayList<>();
            List<Observation> erratic = new ArrayList<>();
            steady.add(new Observation(START, start));
            erratic.add(new Observation(START, start));
            double erraticShare = start;
            for (int i = 1; i <= intervals; i++) {
                Instant at = START.plusMillis(intervalMillis * i);
                steady.add(new Observation(at, start + gain * i));
                erraticShare += gain * (i % 2 == 1 ? 1 + amplitude : 1 - amplitude);
                erratic.add(new Observation(at, erraticShare));
            }
            // The alternating gains add up to the steady ones; pin the last share exactly.
            Observation last = steady.get(steady.size() - 1);
            erratic.set(erratic.size() - 1, last);
            Instant now = last.at();
            return new Pair(new Series(steady, now), new Series(erratic, now));
        };
    }

    private static Eta estimate(Series series, boolean finished) {
        return EtaCalculator.estimate(series.observations(), series.now(), finished, WINDOW);
    }

    @Test
    void timeLeft_neverNegative() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(anySeries())
                .checkAssert(
                        series -> {
                            Eta eta = estimate(series, false);
                            if (eta.earliest() != null) {
                                assertThat(eta.earliest())
                                        .as("earliest")
                                        .isGreaterThanOrEqualTo(Duration.ZERO);
                            }
                            if (eta.latest() != null) {
                                assertThat(eta.latest())
                                        .as("latest")
                                        .isGreaterThanOrEqualTo(eta.earliest());
                            }
                        });
    }

    @Test
    void finishedRun_hasZeroTimeLeft() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(anySeries())
                .checkAssert(
                        series -> {
                            Eta eta = estimate(series, true);
                            assertThat(eta.state()).as("state").isEqualTo(Eta.State.FINISHED);
                            assertThat(eta.earliest()).as("earliest").isEqualTo(Duration.ZERO);
                            assertThat(eta.latest()).as("latest").isEqualTo(Duration.ZERO);
                        });
    }

    @Test
    void fewObservations_giveUnknown() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(series(0, EtaCalculator.MIN_OBSERVATIONS - 1))
                .checkAssert(
                        series -> {
                            Eta eta = estimate(series, false);
                            assertThat(eta.state()).as("state").isEqualTo(Eta.State.UNKNOWN);
                            assertThat(eta.earliest()).as("earliest").isNull();
                            assertThat(eta.latest()).as("latest").isNull();
                        });
    }

    @Test
    void noNetProgress_givesUnknown() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(anySeries().map(EtaPropertiesTest::withoutNetProgress))
                .checkAssert(
                        series ->
                                assertThat(estimate(series, false).state())
                                        .as("state")
                                        .isEqualTo(Eta.State.UNKNOWN));
    }

    /** Returns the series with its last share lowered to its first share, if it was higher. */
    private static Series withoutNetProgress(Series series) {
        List<Observation> observations = new ArrayList<>(series.observations());
        if (observations.isEmpty()) {
            return series;
        }
        Observation last = observations.get(observations.size() - 1);
        double first = observations.get(0).share();
        observations.set(
                observations.size() - 1, new Observation(last.at(), Math.min(first, last.share())));
        return new Series(observations, series.now());
    }

    @Test
    void erraticRate_widensRange() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(steadyAndErratic())
                .checkAssert(
                        pair -> {
                            Eta steady = estimate(pair.steady(), false);
                            Eta erratic = estimate(pair.erratic(), false);
                            assertThat(steady.state())
                                    .as("steady state")
                                    .isEqualTo(Eta.State.ESTIMATED);
                            assertThat(erratic.state())
                                    .as("erratic state")
                                    .isEqualTo(Eta.State.ESTIMATED);
                            assertThat(erratic.earliest())
                                    .as("erratic earliest")
                                    .isLessThan(steady.earliest());
                            assertThat(steady.latest()).as("steady latest").isNotNull();
                            if (erratic.latest() != null) {
                                assertThat(erratic.latest())
                                        .as("erratic latest")
                                        .isGreaterThan(steady.latest());
                            }
                        });
    }

    @Test
    void steadyRate_rangeHoldsTheTimeLeftAtThatRate() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(steadyAndErratic())
                .checkAssert(
                        pair -> {
                            Series steady = pair.steady();
                            Observation first = steady.observations().get(0);
                            Observation last = last(steady);
                            double seconds =
                                    Duration.between(first.at(), last.at()).toNanos() / 1e9;
                            double rate = (last.share() - first.share()) / seconds;
                            Duration atRate =
                                    Duration.ofNanos(Math.round((1 - last.share()) / rate * 1e9));

                            Eta eta = estimate(steady, false);

                            assertThat(eta.earliest()).as("earliest").isLessThan(atRate);
                            assertThat(eta.latest()).as("latest").isGreaterThan(atRate);
                        });
    }

    private static Observation last(Series series) {
        return series.observations().get(series.observations().size() - 1);
    }
}
