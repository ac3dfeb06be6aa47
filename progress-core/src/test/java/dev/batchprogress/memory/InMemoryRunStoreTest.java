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
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RunConflictException;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.recording.UnknownRunException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryRunStoreTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "ab".repeat(32));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final InMemoryRunStore store = InMemoryRunStore.withClock(clock);

    private RunState snapshot() {
        return store.load(VisibilityScope.all(), List.of(RUN)).get(RUN);
    }

    private SupplyShedState supplyShed() {
        return (SupplyShedState) snapshot();
    }

    private BatchProcessState batchProcess() {
        return (BatchProcessState) snapshot();
    }

    @Nested
    class Registration {

        @Test
        void repeatedIdenticalRegistration_isAlreadyApplied() {
            RunRegistration registration =
                    RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 3);

            assertThat(store.register(registration)).isEqualTo(Recorded.APPLIED);
            assertThat(store.register(registration)).isEqualTo(Recorded.ALREADY_APPLIED);
        }

        @Test
        void conflictingRegistration_isRejected() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 3));

            assertThatThrownBy(
                            () ->
                                    store.register(
                                            RunRegistration.supplyShed(
                                                    RUN, "globex", Pipeline.SUPPLY_SHED, 3)))
                    .isInstanceOf(RunConflictException.class)
                    .hasMessageContaining(RUN.value())
                    .hasMessageContaining("globex");
        }

        @Test
        void caseVariantOfCanonicalId_namesTheSameRun() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 3));
            TrackingId upper =
                    TrackingId.of(RUN.value().toUpperCase(Locale.ROOT).replace("0X", "0x"));

            assertThat(store.moveFacility(upper, 0, 1)).isEqualTo(Recorded.APPLIED);
            assertThat(supplyShed().inFlow().get(0)).isEqualTo(1);
        }

        @Test
        void newRun_hasVersionZeroAndRegistrationTimes() {
            clock.now = START.plusMillis(1500);
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));

            RunState state = snapshot();

            assertThat(state.version()).isZero();
            assertThat(state.registeredAt()).isEqualTo(START.plusMillis(1500));
            assertThat(state.changedAt()).isEqualTo(state.registeredAt());
        }

        @Test
        void unstorableNames_areRejected() {
            assertThatThrownBy(
                            () ->
                                    RunRegistration.supplyShed(
                                            TrackingId.of("run\u0000"),
                                            "acme",
                                            Pipeline.SUPPLY_SHED,
                                            1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("control character");
            assertThatThrownBy(
                            () ->
                                    RunRegistration.supplyShed(
                                            RUN, "ac\uD800me", Pipeline.SUPPLY_SHED, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
        }

        @Test
        void facilityCountBeyondLimit_isRejected() {
            assertThatThrownBy(
                            () ->
                                    RunRegistration.supplyShed(
                                            RUN, "acme", Pipeline.SUPPLY_SHED, Integer.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 to " + RunRegistration.MAX_FACILITIES);
        }

        @Test
        void pipelineBeyondByteCodes_isRejected() {
            String[] flows = new String[253];
            for (int i = 0; i < flows.length; i++) {
                flows[i] = "flow-" + i;
            }
            Pipeline huge = Pipeline.stages("huge", flows);

            assertThatThrownBy(
                            () -> store.register(RunRegistration.supplyShed(RUN, "acme", huge, 1)))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("253 flows");
            assertThat(snapshot()).isNull();
        }
    }

    @Nested
    class Facilities {

        Facilities() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 4));
        }

        @Test
        void walkThroughEveryFlow_completes() {
            for (int flow = 1; flow <= 7; flow++) {
                assertThat(store.moveFacility(RUN, 0, flow)).isEqualTo(Recorded.APPLIED);
            }
            assertThat(store.completeFacility(RUN, 0)).isEqualTo(Recorded.APPLIED);

            assertThat(supplyShed().completed()).isEqualTo(1);
            assertThat(supplyShed().queued()).isEqualTo(3);
        }

        @Test
        void moveByFlowName_usesThePipelinesNumbering() {
            store.moveFacility(RUN, 1, "complete_detect_plots");

            assertThat(supplyShed().inFlow()).containsExactly(0L, 0L, 0L, 1L, 0L, 0L, 0L);
        }

        @Test
        void unknownFlowName_isRejectedWithTheValidNames() {
            assertThatThrownBy(() -> store.moveFacility(RUN, 1, "detect-plots"))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("'detect-plots'")
                    .hasMessageContaining("detect_plots");
        }

        @Test
        void repeatedMove_isAlreadyAppliedAndKeepsVersion() {
            store.moveFacility(RUN, 2, 3);
            long version = snapshot().version();

            assertThat(store.moveFacility(RUN, 2, 3)).isEqualTo(Recorded.ALREADY_APPLIED);
            assertThat(snapshot().version()).isEqualTo(version);
        }

        @Test
        void moveBack_isRejectedNamingRunFacilityAndTransition() {
            store.moveFacility(RUN, 2, 5);
            SupplyShedState before = supplyShed();

            assertThatThrownBy(() -> store.moveFacility(RUN, 2, 3))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage(
                            "facility 2 of run "
                                    + RUN.value()
                                    + ": cannot move from flow 5 (start_zonal_stats) to flow 3"
                                    + " (export_vectors_orchestration)");
            assertThat(supplyShed()).isEqualTo(before);
        }

        @Test
        void completeBeforeLastFlow_isRejected() {
            store.moveFacility(RUN, 0, 6);

            assertThatThrownBy(() -> store.completeFacility(RUN, 0))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("to COMPLETED");
        }

        @Test
        void completedFacility_cannotFailOrMove() {
            store.moveFacility(RUN, 0, 7);
            store.completeFacility(RUN, 0);

            assertThatThrownBy(() -> store.failFacility(RUN, 0))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("cannot move from COMPLETED to FAILED");
            assertThatThrownBy(() -> store.moveFacility(RUN, 0, 1))
                    .isInstanceOf(IllegalTransitionException.class);
        }

        @Test
        void queuedFacility_canFail() {
            assertThat(store.failFacility(RUN, 3)).isEqualTo(Recorded.APPLIED);
            assertThat(supplyShed().failed()).isEqualTo(1);
        }

        @Test
        void onlyQueuedFacility_canBeUngeocoded() {
            store.moveFacility(RUN, 1, 1);

            assertThat(store.markUngeocoded(RUN, 0)).isEqualTo(Recorded.APPLIED);
            assertThatThrownBy(() -> store.markUngeocoded(RUN, 1))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("to UNGEOCODED");
            assertThatThrownBy(() -> store.moveFacility(RUN, 0, 1))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("from UNGEOCODED");
        }

        @Test
        void facilityOutOfRange_isRejected() {
            assertThatThrownBy(() -> store.moveFacility(RUN, 4, 1))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("facility 4 is out of range")
                    .hasMessageContaining("expected 0 to 3");
            assertThatThrownBy(() -> store.failFacility(RUN, -1))
                    .isInstanceOf(InvalidEventException.class);
        }

        @Test
        void flowOutOfRange_isRejected() {
            assertThatThrownBy(() -> store.moveFacility(RUN, 0, 8))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("flow 8 is out of range")
                    .hasMessageContaining("expected 1 to 7");
            assertThatThrownBy(() -> store.moveFacility(RUN, 0, 0))
                    .isInstanceOf(InvalidEventException.class);
        }

        @Test
        void batchProcessEvent_isRejectedForSupplyShed() {
            assertThatThrownBy(() -> store.startStage(RUN, 1))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("BATCH_SUPPLY_SHED");
        }

        @Test
        void everyChange_bumpsVersionAndChangeTime() {
            clock.now = START.plusSeconds(10);
            store.moveFacility(RUN, 0, 1);
            clock.now = START.plusSeconds(20);
            store.moveFacility(RUN, 0, 2);

            assertThat(snapshot().version()).isEqualTo(2);
            assertThat(snapshot().changedAt()).isEqualTo(START.plusSeconds(20));
        }

        @Test
        void skip_rejectsEveryLaterEvent() {
            store.markUngeocoded(RUN, 0);
            store.skip(RUN, "low - not processed");

            assertThatThrownBy(() -> store.moveFacility(RUN, 1, 1))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("SKIPPED");
            assertThatThrownBy(() -> store.markUngeocoded(RUN, 0))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(store.skip(RUN, "low - not processed")).isEqualTo(Recorded.ALREADY_APPLIED);
            assertThatThrownBy(() -> store.skip(RUN, "another reason"))
                    .isInstanceOf(IllegalTransitionException.class);
        }

        @Test
        void completeRun_cannotBeSkipped() {
            for (int facility = 0; facility < 4; facility++) {
                store.failFacility(RUN, facility);
            }

            assertThatThrownBy(() -> store.skip(RUN, "late"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("cannot move from COMPLETE to SKIPPED");
        }

        @Test
        void blankSkipReason_isRejected() {
            assertThatThrownBy(() -> store.skip(RUN, " "))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("blank");
        }

        @Test
        void skipReasonWithNul_isRejected() {
            assertThatThrownBy(() -> store.skip(RUN, "low\u0000"))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("control character");
        }

        @Test
        void skipWithOtherReason_namesTheRunOnce() {
            store.skip(RUN, "low");

            assertThatThrownBy(() -> store.skip(RUN, "high"))
                    .hasMessage(
                            "run "
                                    + RUN.value()
                                    + ": cannot move from SKIPPED (low) to SKIPPED (high)");
        }

        @Test
        void skipWithHugeReason_cutsBothReasonsInTheMessage() {
            store.skip(RUN, "a".repeat(50_000));

            assertThatThrownBy(() -> store.skip(RUN, "b".repeat(50_000)))
                    .hasMessage(
                            "run "
                                    + RUN.value()
                                    + ": cannot move from SKIPPED ("
                                    + "a".repeat(128)
                                    + ") to SKIPPED ("
                                    + "b".repeat(128)
                                    + ")");
        }
    }

    @Nested
    class Stages {

        Stages() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
        }

        @Test
        void stageLifecycle_pendingRunningSucceeded() {
            assertThat(store.startStage(RUN, 1)).isEqualTo(Recorded.APPLIED);
            assertThat(store.startStage(RUN, 1)).isEqualTo(Recorded.ALREADY_APPLIED);
            assertThat(store.succeedStage(RUN, 1)).isEqualTo(Recorded.APPLIED);
            assertThat(store.succeedStage(RUN, 1)).isEqualTo(Recorded.ALREADY_APPLIED);

            assertThat(batchProcess().stage(1).status()).isEqualTo(StageStatus.SUCCEEDED);
        }

        @Test
        void pendingStage_cannotSucceedOrFail() {
            assertThatThrownBy(() -> store.succeedStage(RUN, 2))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage(
                            "stage 2 of run "
                                    + RUN.value()
                                    + ": cannot move from PENDING to SUCCEEDED");
            assertThatThrownBy(() -> store.failStage(RUN, 2))
                    .isInstanceOf(IllegalTransitionException.class);
        }

        @Test
        void endedStage_isFinal() {
            store.startStage(RUN, 1);
            store.failStage(RUN, 1);

            assertThatThrownBy(() -> store.succeedStage(RUN, 1))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("cannot move from FAILED to SUCCEEDED");
            assertThatThrownBy(() -> store.startStage(RUN, 1))
                    .isInstanceOf(IllegalTransitionException.class);
        }

        @Test
        void stagesMayOverlap() {
            store.startStage(RUN, 1);

            assertThat(store.startStage(RUN, 2)).isEqualTo(Recorded.APPLIED);
        }

        @Test
        void addTasks_countsEachNumberOnce() {
            assertThat(store.addTasks(RUN, 1, 0, 10)).isEqualTo(Recorded.APPLIED);
            assertThat(store.addTasks(RUN, 1, 5, 10)).isEqualTo(Recorded.APPLIED);
            assertThat(store.addTasks(RUN, 1, 0, 15)).isEqualTo(Recorded.ALREADY_APPLIED);

            assertThat(batchProcess().stage(1))
                    .isEqualTo(new StageState(StageStatus.PENDING, 15, 0, 0));
        }

        @Test
        void taskOutcome_countsOnceAndIsFinal() {
            store.addTasks(RUN, 1, 0, 3);
            store.startStage(RUN, 1);

            assertThat(store.recordTaskOutcome(RUN, 1, 2, TaskOutcome.SUCCEEDED))
                    .isEqualTo(Recorded.APPLIED);
            assertThat(store.recordTaskOutcome(RUN, 1, 2, TaskOutcome.SUCCEEDED))
                    .isEqualTo(Recorded.ALREADY_APPLIED);
            assertThatThrownBy(() -> store.recordTaskOutcome(RUN, 1, 2, TaskOutcome.FAILED))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage(
                            "task 2 of stage 1 of run "
                                    + RUN.value()
                                    + ": cannot move from SUCCEEDED to FAILED");
            assertThat(batchProcess().stage(1))
                    .isEqualTo(new StageState(StageStatus.RUNNING, 3, 1, 0));
        }

        @Test
        void outcomeOfTaskNeverAdded_isRejected() {
            store.addTasks(RUN, 1, 0, 3);

            assertThatThrownBy(() -> store.recordTaskOutcome(RUN, 1, 3, TaskOutcome.SUCCEEDED))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("task 3 of stage 1")
                    .hasMessageContaining("never added");
        }

        @Test
        void endedStage_takesNoTasksOrOutcomes() {
            store.addTasks(RUN, 1, 0, 2);
            store.startStage(RUN, 1);
            store.succeedStage(RUN, 1);

            assertThatThrownBy(() -> store.addTasks(RUN, 1, 2, 1))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> store.recordTaskOutcome(RUN, 1, 0, TaskOutcome.SUCCEEDED))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("stage SUCCEEDED");
        }

        @Test
        void tasksToEndedStage_messageSaysWhy() {
            store.startStage(RUN, 1);
            store.succeedStage(RUN, 1);

            assertThatThrownBy(() -> store.addTasks(RUN, 1, 0, 1))
                    .hasMessage(
                            "stage 1 of run "
                                    + RUN.value()
                                    + ": cannot add tasks to a stage that is SUCCEEDED");
        }

        @Test
        void moreTasksThanOneEventTakes_areRejected() {
            assertThatThrownBy(() -> store.addTasks(RUN, 1, 0, Integer.MAX_VALUE))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("a count of 1 to 1048576");
        }

        @Test
        void taskNumbersOutOfRange_areRejected() {
            assertThatThrownBy(() -> store.addTasks(RUN, 1, -1, 2))
                    .isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(() -> store.addTasks(RUN, 1, 0, 0))
                    .isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(() -> store.addTasks(RUN, 1, Integer.MAX_VALUE, 1))
                    .isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(() -> store.addTasks(RUN, 5, 0, 1))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("stage 5 is out of range for the 4-stage pipeline");
        }

        @Test
        void sparseTaskNumbersAtTopOfRange_areCounted() {
            store.startStage(RUN, 1);

            assertThat(store.addTasks(RUN, 1, Integer.MAX_VALUE - 10, 10))
                    .isEqualTo(Recorded.APPLIED);
            assertThat(store.addTasks(RUN, 1, 0, 1)).isEqualTo(Recorded.APPLIED);
            assertThat(
                            store.recordTaskOutcome(
                                    RUN, 1, Integer.MAX_VALUE - 1, TaskOutcome.SUCCEEDED))
                    .isEqualTo(Recorded.APPLIED);
            assertThat(batchProcess().stage(1))
                    .isEqualTo(new StageState(StageStatus.RUNNING, 11, 1, 0));
        }

        @Test
        void failedRun_cannotBeSkipped() {
            store.startStage(RUN, 1);
            store.failStage(RUN, 1);

            assertThatThrownBy(() -> store.skip(RUN, "low"))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("cannot move from FAILED to SKIPPED");
        }

        @Test
        void skippedRun_rejectsStageEvents() {
            store.skip(RUN, "low - not processed");

            assertThatThrownBy(() -> store.startStage(RUN, 1))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> store.addTasks(RUN, 1, 0, 1))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(batchProcess().skipReason()).contains("low - not processed");
        }
    }

    @Nested
    class Lookups {

        @Test
        void unknownRun_isRejected() {
            assertThatThrownBy(() -> store.moveFacility(RUN, 0, 1))
                    .isInstanceOf(UnknownRunException.class)
                    .hasMessage(
                            "run "
                                    + RUN.value()
                                    + " is not registered; register it before recording events");
        }

        @Test
        void load_keepsOnlyVisibleRuns() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 1));

            assertThat(store.load(VisibilityScope.organization("globex"), List.of(RUN))).isEmpty();
            assertThat(store.load(VisibilityScope.organization("acme"), List.of(RUN)))
                    .containsKey(RUN);
        }

        @Test
        void list_returnsNewestFirstWithinScopeAndLimit() {
            for (int i = 0; i < 5; i++) {
                String organization = i % 2 == 0 ? "acme" : "globex";
                store.register(
                        RunRegistration.batchProcess(
                                TrackingId.of("run-" + i), organization, Pipeline.BATCH_PROCESS));
            }

            List<RunState> listed = store.list(VisibilityScope.organization("acme"), 2);

            assertThat(listed)
                    .extracting(state -> state.trackingId().value())
                    .containsExactly("run-4", "run-2");
        }
    }

    @Test
    void largeRun_spreadsFacilitiesOverStripesAndStillAddsUp() {
        int facilities = 300_000;
        store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, facilities));
        for (int facility = 0; facility < facilities; facility += 1000) {
            store.moveFacility(RUN, facility, 7);
            store.completeFacility(RUN, facility);
        }

        SupplyShedState state = supplyShed();

        assertThat(state.completed()).isEqualTo(300);
        assertThat(state.queued()).isEqualTo(facilities - 300);
        assertThat(state.version()).isEqualTo(600);
    }

    /** A clock that tests set by hand. */
    static final class MovableClock implements InstantSource {
        Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }
    }
}
