package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.EXAMPLES;
import static dev.batchprogress.properties.PropertySettings.SHRINK_CYCLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.RecordingException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Replays generated runs through the in-memory engine and compares it with a reference model after
 * every event: the result or rejection, the snapshot and the computed progress. The model stores
 * every task's or facility's state and recomputes everything from scratch.
 */
class ReferenceModelPropertiesTest {

    @Nested
    class SupplyShedRuns {

        @Test
        void replay_matchesReferenceModel() {
            qt().withExamples(EXAMPLES)
                    .withShrinkCycles(SHRINK_CYCLES)
                    .forAll(Scenarios.supplySheds())
                    .checkAssert(ReferenceModelPropertiesTest::replayMatchesModel);
        }
    }

    @Nested
    class BatchProcessRuns {

        @Test
        void replay_matchesReferenceModel() {
            qt().withExamples(EXAMPLES)
                    .withShrinkCycles(SHRINK_CYCLES)
                    .forAll(Scenarios.batchProcesses())
                    .checkAssert(ReferenceModelPropertiesTest::replayMatchesModel);
        }
    }

    private static void replayMatchesModel(Scenario scenario) {
        Replay replay = Replay.registering(scenario);
        ReferenceRun model = ReferenceRun.of(scenario.registration());
        TrackingId run = scenario.registration().trackingId();
        assertMatches(model, replay.snapshot(run), "after registration");

        for (int i = 0; i < scenario.events().size(); i++) {
            RunEvent event = scenario.events().get(i);
            String step = "event #" + (i + 1) + " " + event;
            Verdict verdict = model.judge(event);
            Replay.Outcome outcome = replay.send(event);
            if (verdict.isRejected()) {
                assertRejected(event, verdict, outcome, step);
            } else {
                assertThat(outcome.recorded())
                        .as("%s: expected %s, engine %s", step, verdict, outcome)
                        .isEqualTo(verdict.recorded());
            }
            if (verdict.isApplied()) {
                model.apply(event);
            }
            assertMatches(model, replay.snapshot(run), step);
        }
    }

    private static void assertRejected(
            RunEvent event, Verdict verdict, Replay.Outcome outcome, String step) {
        assertThat(outcome.rejection())
                .as("%s: expected %s, engine %s", step, verdict, outcome)
                .isNotNull();
        RecordingException rejection = Objects.requireNonNull(outcome.rejection());
        assertThat(verdict.rejections())
                .as("%s: expected %s, engine threw %s", step, verdict, rejection)
                .contains(rejection.getClass());
        assertThat(rejection.getMessage())
                .as("%s: the message names the run", step)
                .containsIgnoringCase(TrackingId.echo(event.address().id().value()));
        Integer facility = facilityOf(event);
        if (rejection instanceof IllegalTransitionException && facility != null) {
            assertThat(rejection.getMessage())
                    .as("%s: the message names the facility", step)
                    .contains("facility " + facility);
        }
    }

    private static void assertMatches(ReferenceRun model, RunState state, String step) {
        assertThat(state.version()).as("%s: version", step).isEqualTo(model.version());
        assertThat(state.header().skipReason())
                .as("%s: skip reason", step)
                .isEqualTo(model.skipReason());
        assertThat(state.finished())
                .as("%s: finished", step)
                .isEqualTo(model.ended() || model.skipReason() != null);
        if (model instanceof ReferenceSupplyShed supplyShed) {
            SupplyShedState snapshot = (SupplyShedState) state;
            ReferenceSupplyShed.Counts counts =
                    new ReferenceSupplyShed.Counts(
                            snapshot.total(),
                            snapshot.queued(),
                            snapshot.inFlow(),
                            snapshot.completed(),
                            snapshot.failed(),
                            snapshot.ungeocoded());
            assertThat(counts).as("%s: facility counts", step).isEqualTo(supplyShed.counts());
        } else {
            ReferenceBatchProcess batchProcess = (ReferenceBatchProcess) model;
            assertThat(((BatchProcessState) state).stages())
                    .as("%s: stage states", step)
                    .isEqualTo(batchProcess.stageStates());
        }
        assertThat(ProgressCalculator.progress(state))
                .as("%s: progress answer", step)
                .isEqualTo(model.expectedProgress());
    }

    private static @Nullable Integer facilityOf(RunEvent event) {
        if (event instanceof RunEvent.MoveFacility move) {
            return move.facility();
        }
        if (event instanceof RunEvent.MoveFacilityByName move) {
            return move.facility();
        }
        if (event instanceof RunEvent.CompleteFacility complete) {
            return complete.facility();
        }
        if (event instanceof RunEvent.FailFacility fail) {
            return fail.facility();
        }
        if (event instanceof RunEvent.MarkUngeocoded ungeocoded) {
            return ungeocoded.facility();
        }
        return null;
    }
}
