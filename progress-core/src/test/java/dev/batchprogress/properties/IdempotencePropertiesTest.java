package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.EXAMPLES;
import static dev.batchprogress.properties.PropertySettings.SHRINK_CYCLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks what each event does to a run's snapshot, counts, skip reason, version and change time
 * included: a rejected or repeated event changes nothing, and an applied one changes the state and
 * raises the version by exactly one.
 */
class IdempotencePropertiesTest {

    /** What one event did, with the snapshots before and after it. */
    private record Step(
            RunEvent event,
            Replay.Outcome outcome,
            RunState before,
            RunState after,
            Replay replay) {}

    private interface StepCheck {
        void check(Step step);
    }

    @Test
    void rejectedEvent_leavesSnapshotUnchanged() {
        forEveryStep(
                step -> {
                    if (step.outcome().rejection() == null) {
                        return;
                    }
                    assertThat(step.after())
                            .as("snapshot after %s", step.outcome())
                            .isEqualTo(step.before());
                });
    }

    @Test
    void alreadyAppliedEvent_leavesSnapshotUnchanged() {
        forEveryStep(
                step -> {
                    if (step.outcome().recorded() != Recorded.ALREADY_APPLIED) {
                        return;
                    }
                    assertThat(step.after()).as("snapshot").isEqualTo(step.before());
                });
    }

    @Test
    void appliedEvent_sentAgain_isAlreadyApplied() {
        forEveryStep(
                step -> {
                    if (step.outcome().recorded() != Recorded.APPLIED) {
                        return;
                    }
                    Replay.Outcome again = step.replay().send(step.event());
                    assertThat(again.recorded())
                            .as("the same event sent again: %s", again)
                            .isEqualTo(Recorded.ALREADY_APPLIED);
                    assertThat(step.replay().snapshot(step.after().trackingId()))
                            .as("snapshot after the event was sent again")
                            .isEqualTo(step.after());
                });
    }

    @Test
    void appliedEvent_incrementsVersionByOne() {
        forEveryStep(
                step -> {
                    if (step.outcome().recorded() != Recorded.APPLIED) {
                        return;
                    }
                    assertThat(step.after().version())
                            .as("version")
                            .isEqualTo(step.before().version() + 1);
                    assertThat(step.after().changedAt())
                            .as("change time")
                            .isAfter(step.before().changedAt());
                    assertThat(stateWithoutHeader(step.after()))
                            .as("counts and statuses")
                            .isNotEqualTo(stateWithoutHeader(step.before()));
                });
    }

    /** Returns what a snapshot reports besides its header, with the skip reason. */
    private static List<Object> stateWithoutHeader(RunState state) {
        String skipReason = String.valueOf(state.header().skipReason());
        if (state instanceof SupplyShedState supplyShed) {
            return List.of(
                    supplyShed.queued(),
                    supplyShed.inFlow(),
                    supplyShed.completed(),
                    supplyShed.failed(),
                    supplyShed.ungeocoded(),
                    skipReason);
        }
        return List.of(((BatchProcessState) state).stages(), skipReason);
    }

    /** Replays generated runs of both kinds and runs a check after every event. */
    private static void forEveryStep(StepCheck check) {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(Scenarios.runs())
                .checkAssert(
                        scenario -> {
                            Replay replay = Replay.registering(scenario);
                            TrackingId run = scenario.registration().trackingId();
                            RunState before = replay.snapshot(run);
                            for (int i = 1; i <= scenario.events().size(); i++) {
                                RunEvent event = scenario.events().get(i - 1);
                                Replay.Outcome outcome = replay.send(event);
                                RunState after = replay.snapshot(run);
                                Step step = new Step(event, outcome, before, after, replay);
                                Steps.checkAfter(scenario, i, () -> check.check(step));
                                before = replay.snapshot(run);
                            }
                        });
    }
}
