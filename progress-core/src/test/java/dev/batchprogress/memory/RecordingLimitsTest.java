package dev.batchprogress.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.recording.UnknownRunException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The in-memory engine at the edges of its ranges, and the version that each kind of event bumps.
 */
class RecordingLimitsTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "cd".repeat(32));

    private final InMemoryRunStore store = InMemoryRunStore.create();

    private RunState snapshot() {
        return store.load(VisibilityScope.all(), List.of(RUN)).get(RUN);
    }

    /** Records an event, checks its outcome, and returns how much it raised the run's version. */
    private long versionStep(Recorded expected, Supplier<Recorded> event) {
        long before = snapshot().version();
        assertThat(event.get()).isEqualTo(expected);
        return snapshot().version() - before;
    }

    @Nested
    class BatchProcessVersions {

        BatchProcessVersions() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
        }

        @Test
        void everyAppliedEvent_bumpsTheVersionByOne() {
            assertThat(versionStep(Recorded.APPLIED, () -> store.startStage(RUN, 1))).isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.addTasks(RUN, 1, 0, 3)))
                    .isEqualTo(1);
            assertThat(
                            versionStep(
                                    Recorded.APPLIED,
                                    () ->
                                            store.recordTaskOutcome(
                                                    RUN, 1, 0, TaskOutcome.SUCCEEDED)))
                    .isEqualTo(1);
            assertThat(
                            versionStep(
                                    Recorded.APPLIED,
                                    () -> store.recordTaskOutcome(RUN, 1, 1, TaskOutcome.FAILED)))
                    .isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.succeedStage(RUN, 1)))
                    .isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.skip(RUN, "low - not processed")))
                    .isEqualTo(1);
        }

        @Test
        void repeatedEvent_keepsTheVersion() {
            store.startStage(RUN, 1);
            store.addTasks(RUN, 1, 0, 3);
            store.recordTaskOutcome(RUN, 1, 0, TaskOutcome.SUCCEEDED);

            assertThat(versionStep(Recorded.ALREADY_APPLIED, () -> store.startStage(RUN, 1)))
                    .isZero();
            assertThat(versionStep(Recorded.ALREADY_APPLIED, () -> store.addTasks(RUN, 1, 0, 3)))
                    .isZero();
            assertThat(
                            versionStep(
                                    Recorded.ALREADY_APPLIED,
                                    () ->
                                            store.recordTaskOutcome(
                                                    RUN, 1, 0, TaskOutcome.SUCCEEDED)))
                    .isZero();
        }

        @Test
        void tasksAtTopOfRange_areAccepted() {
            store.startStage(RUN, 1);

            assertThat(store.addTasks(RUN, 1, Rejections.MAX_TASK_NUMBER, 1))
                    .isEqualTo(Recorded.APPLIED);
            assertThat(store.addTasks(RUN, 1, Rejections.MAX_TASK_NUMBER - 2, 2))
                    .isEqualTo(Recorded.APPLIED);
            assertThat(((BatchProcessState) snapshot()).stage(1))
                    .isEqualTo(new StageState(StageStatus.RUNNING, 3, 0, 0));
        }

        @Test
        void failedStage_makesTheRunUnskippable() {
            store.startStage(RUN, 1);
            store.startStage(RUN, 2);
            store.succeedStage(RUN, 1);
            store.failStage(RUN, 2);

            assertThatThrownBy(() -> store.skip(RUN, "late"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage(
                            "run " + RUN.value() + ": cannot move from FAILED to SKIPPED (late)");
        }

        @Test
        void runWithSomeStagesSucceeded_canBeSkipped() {
            store.startStage(RUN, 1);
            store.succeedStage(RUN, 1);

            assertThat(store.skip(RUN, "low")).isEqualTo(Recorded.APPLIED);
        }

        @Test
        void runWithEveryStageSucceeded_cannotBeSkipped() {
            for (int stage = 1; stage <= Pipeline.BATCH_PROCESS.size(); stage++) {
                store.startStage(RUN, stage);
                store.succeedStage(RUN, stage);
            }

            assertThatThrownBy(() -> store.skip(RUN, "late"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("cannot move from COMPLETE to SKIPPED");
        }
    }

    @Nested
    class SupplyShedRuns {

        @Test
        void pipelineOfMostFlows_walksAFacilityToTheEnd() {
            String[] names = new String[SupplyShedRun.MAX_FLOWS];
            for (int i = 0; i < names.length; i++) {
                names[i] = "flow-" + i;
            }
            Pipeline widest = Pipeline.stages("widest", names);
            store.register(RunRegistration.supplyShed(RUN, "acme", widest, 3));

            store.moveFacility(RUN, 0, SupplyShedRun.MAX_FLOWS);
            store.completeFacility(RUN, 0);
            store.failFacility(RUN, 1);
            store.markUngeocoded(RUN, 2);

            SupplyShedState state = (SupplyShedState) snapshot();
            assertThat(state.completed()).isEqualTo(1);
            assertThat(state.failed()).isEqualTo(1);
            assertThat(state.ungeocoded()).isEqualTo(1);
            assertThat(state.queued()).isZero();
        }

        @Test
        void runWithFacilitiesInTheLastFlow_canBeSkipped() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2));
            int last = Pipeline.SUPPLY_SHED.size();
            store.moveFacility(RUN, 0, last);
            store.moveFacility(RUN, 1, last);

            assertThat(versionStep(Recorded.APPLIED, () -> store.skip(RUN, "low"))).isEqualTo(1);
        }

        @Test
        void runWithAQueuedFacility_canBeSkipped() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2));
            store.failFacility(RUN, 0);

            assertThat(store.skip(RUN, "low")).isEqualTo(Recorded.APPLIED);
        }

        @Test
        void everyAppliedEvent_bumpsTheVersionByOne() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 4));

            assertThat(versionStep(Recorded.APPLIED, () -> store.moveFacility(RUN, 0, 1)))
                    .isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.failFacility(RUN, 1)))
                    .isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.markUngeocoded(RUN, 2)))
                    .isEqualTo(1);
            assertThat(versionStep(Recorded.APPLIED, () -> store.skip(RUN, "low"))).isEqualTo(1);
        }
    }

    @Nested
    class Lookups {

        @Test
        void listOfOne_returnsTheNewestRun() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
            store.register(
                    RunRegistration.batchProcess(
                            TrackingId.of("newer"), "acme", Pipeline.BATCH_PROCESS));

            assertThat(store.list(VisibilityScope.all(), 1))
                    .extracting(state -> state.trackingId().value())
                    .containsExactly("newer");
        }

        @Test
        void listOfNone_isRejected() {
            assertThatThrownBy(() -> store.list(VisibilityScope.all(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit 0 is invalid; expected at least 1");
        }

        @Test
        void eventForUnknownRun_namesTheId() {
            assertThatThrownBy(() -> store.startStage(RUN, 1))
                    .isInstanceOfSatisfying(
                            UnknownRunException.class,
                            unknown -> assertThat(unknown.trackingId()).isEqualTo(RUN.value()));
        }
    }
}
