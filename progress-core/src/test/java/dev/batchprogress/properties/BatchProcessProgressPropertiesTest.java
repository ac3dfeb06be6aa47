package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.CALLER;
import static dev.batchprogress.properties.PropertySettings.EXAMPLES;
import static dev.batchprogress.properties.PropertySettings.SHRINK_CYCLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.TrackingId;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Checks the batch process progress rules on every snapshot of generated runs, with the progress
 * requested through {@link ProgressTracker}.
 */
class BatchProcessProgressPropertiesTest {

    /** A quarter of the runs end with a skip, so skipped runs are common. */
    private static final int SKIP_PERCENT = 25;

    @Test
    void progress100_onlyWhenCurrentStageSucceeded() {
        forEveryAnswer(
                (state, answer) -> {
                    if (answer.skipReason() != null || answer.progress() < 100) {
                        return;
                    }
                    assertThat(state.stage(answer.stage()).status())
                            .as("status of current stage %d at 100%%", answer.stage())
                            .isEqualTo(StageStatus.SUCCEEDED);
                });
    }

    @Test
    void failedAndComplete_neverBothTrue() {
        forEveryAnswer(
                (state, answer) -> {
                    assertThat(answer.failed() && answer.complete())
                            .as("failed %s and complete %s", answer.failed(), answer.complete())
                            .isFalse();
                    if (answer.skipReason() != null) {
                        return;
                    }
                    assertThat(answer.failed())
                            .as("failed")
                            .isEqualTo(
                                    state.stages().stream()
                                            .anyMatch(s -> s.status() == StageStatus.FAILED));
                    assertThat(answer.complete())
                            .as("complete")
                            .isEqualTo(
                                    state.stages().stream()
                                            .allMatch(s -> s.status() == StageStatus.SUCCEEDED));
                });
    }

    @Test
    void stageAndPercents_stayInRange() {
        forEveryAnswer(
                (state, answer) -> {
                    assertThat(answer.nStages()).as("n_stages").isEqualTo(state.stages().size());
                    assertThat(answer.stage()).as("stage").isBetween(1, answer.nStages());
                    assertThat(answer.progress()).as("progress").isBetween(0, 100);
                    assertThat(answer.overallProgress()).as("overall progress").isBetween(0, 100);
                });
    }

    @Test
    void progress_isFlooredShareOfCurrentStage() {
        forEveryAnswer(
                (state, answer) -> {
                    if (answer.skipReason() != null) {
                        return;
                    }
                    StageState current = state.stage(answer.stage());
                    long floor =
                            current.total() == 0 ? 0 : 100 * current.succeeded() / current.total();
                    long expected =
                            current.status() == StageStatus.SUCCEEDED ? 100 : Math.min(99, floor);
                    assertThat((long) answer.progress())
                            .as("progress of stage %d: %s", answer.stage(), current)
                            .isEqualTo(expected);
                    assertThat(answer.overallProgress())
                            .as("overall progress")
                            .isEqualTo(
                                    ((answer.stage() - 1) * 100 + answer.progress())
                                            / answer.nStages());
                });
    }

    @Test
    void skippedRun_answersLastStageComplete() {
        forEveryAnswer(
                (state, answer) -> {
                    String skipReason = state.header().skipReason();
                    if (skipReason == null) {
                        assertThat(answer.skipReason()).as("skip reason").isNull();
                        return;
                    }
                    int stages = state.stages().size();
                    assertThat(answer)
                            .as("answer for a skipped run")
                            .isEqualTo(
                                    new BatchProcessProgress(
                                            stages, stages, 100, false, true, 100, skipReason));
                });
    }

    /**
     * Replays generated batch process runs and passes each snapshot, with the tracker's progress
     * taken right after it, to a check.
     */
    private static void forEveryAnswer(BiConsumer<BatchProcessState, BatchProcessProgress> check) {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(Scenarios.batchProcesses(SKIP_PERCENT))
                .checkAssert(
                        scenario -> {
                            Replay replay = Replay.registering(scenario);
                            ProgressTracker tracker = ProgressTracker.create(replay.store());
                            TrackingId run = scenario.registration().trackingId();
                            ProgressQuery query = ProgressQuery.ofTrackingId(run.value());
                            for (int i = 0; i <= scenario.events().size(); i++) {
                                if (i > 0) {
                                    replay.send(scenario.events().get(i - 1));
                                }
                                BatchProcessState state = (BatchProcessState) replay.snapshot(run);
                                BatchProcessProgress answer =
                                        (BatchProcessProgress) tracker.progress(CALLER, query);
                                Steps.checkAfter(scenario, i, () -> check.accept(state, answer));
                            }
                        });
    }
}
