package dev.batchprogress.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.calculator.EtaCalculator.Observation;
import dev.batchprogress.details.Eta;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EtaCalculatorTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final TrackingId RUN = TrackingId.of("0x" + "ab".repeat(32));

    private static RunHeader header(Pipeline pipeline, String skipReason) {
        return new RunHeader(RUN, "acme", null, pipeline, skipReason, 3, T0, T0.plusSeconds(60));
    }

    private static Observation at(long seconds, double share) {
        return new Observation(T0.plusSeconds(seconds), share);
    }

    @Nested
    class CompletedShare {

        @Test
        void batchProcess_weighsStagesEqually() {
            BatchProcessState state =
                    new BatchProcessState(
                            header(Pipeline.BATCH_PROCESS, null),
                            List.of(
                                    new StageState(StageStatus.SUCCEEDED, 10, 10, 0),
                                    new StageState(StageStatus.RUNNING, 4, 1, 1),
                                    StageState.PENDING,
                                    StageState.PENDING));

            assertThat(EtaCalculator.completedShare(state)).isEqualTo((1 + 0.5) / 4);
        }

        @Test
        void supplyShed_countsFinishedFacilities() {
            SupplyShedState state =
                    new SupplyShedState(
                            header(Pipeline.SUPPLY_SHED, null),
                            10,
                            2,
                            List.of(1L, 0L, 0L, 0L, 0L, 0L, 1L),
                            3,
                            2,
                            1);

            assertThat(EtaCalculator.completedShare(state)).isEqualTo(0.6);
        }

        @Test
        void skippedRun_countsAsDone() {
            SupplyShedState state =
                    new SupplyShedState(
                            header(Pipeline.SUPPLY_SHED, "low - not processed"),
                            10,
                            10,
                            List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L),
                            0,
                            0,
                            0);

            assertThat(EtaCalculator.completedShare(state)).isEqualTo(1.0);
        }
    }

    @Nested
    class Estimate {

        @Test
        void steadyRun_rangeSurroundsTheTimeAtThatRate() {
            List<Observation> observations = List.of(at(0, 0), at(60, 0.1), at(120, 0.2));

            Eta eta = EtaCalculator.estimate(observations, T0.plusSeconds(120), false, WINDOW);

            // 0.8 left at 0.1 per minute is 480 s; the spread floor of 10 % gives 436 s to 533 s.
            assertThat(eta.state()).isEqualTo(Eta.State.ESTIMATED);
            assertThat(eta.observations()).isEqualTo(3);
            assertThat(eta.earliest().toSeconds()).isEqualTo(436);
            assertThat(eta.latest().toSeconds()).isEqualTo(533);
        }

        @Test
        void stalledRun_estimatesLaterAsTimePasses() {
            List<Observation> observations = List.of(at(0, 0), at(60, 0.1), at(120, 0.2));

            Eta soon = EtaCalculator.estimate(observations, T0.plusSeconds(120), false, WINDOW);
            Eta later = EtaCalculator.estimate(observations, T0.plusSeconds(600), false, WINDOW);

            assertThat(later.earliest()).isGreaterThan(soon.earliest());
        }

        @Test
        void clockBehindLastObservation_countsAsThatObservationsTime() {
            List<Observation> observations = List.of(at(0, 0), at(60, 0.1), at(120, 0.2));

            Eta behind = EtaCalculator.estimate(observations, T0, false, WINDOW);
            Eta atLast = EtaCalculator.estimate(observations, T0.plusSeconds(120), false, WINDOW);

            assertThat(behind).isEqualTo(atLast);
        }

        @Test
        void tinyRate_givesUnknown() {
            List<Observation> observations = List.of(at(0, 0), at(1_000, 1e-12), at(2_000, 2e-12));

            Eta eta = EtaCalculator.estimate(observations, T0.plusSeconds(2_000), false, WINDOW);

            assertThat(eta.state()).isEqualTo(Eta.State.UNKNOWN);
        }

        @Test
        void unorderedObservations_areRejected() {
            List<Observation> observations = List.of(at(60, 0.1), at(0, 0), at(120, 0.2));

            assertThatThrownBy(
                            () ->
                                    EtaCalculator.estimate(
                                            observations, T0.plusSeconds(120), false, WINDOW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected observations oldest first");
        }

        @Test
        void shareOutsideZeroToOne_isRejected() {
            assertThatThrownBy(() -> at(0, 1.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("completed share 1.5 is invalid");
        }
    }
}
