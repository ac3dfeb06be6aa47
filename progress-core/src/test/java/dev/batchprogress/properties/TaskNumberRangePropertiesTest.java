package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.CALLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Checks task numbers at the top of the range that {@code addTasks} accepts, which is every range
 * with {@code firstTask >= 0}, {@code count >= 1} and {@code firstTask + count <=
 * Integer.MAX_VALUE}: such tasks are either added and counted, or rejected with a {@code
 * RecordingException} that changes nothing, and the run stays readable after an outcome for the
 * first of them.
 */
class TaskNumberRangePropertiesTest {

    private static final int EXAMPLES = 200;
    private static final int TOP_NUMBERS = 64;
    private static final TrackingId RUN = TrackingId.of("0x" + "7".repeat(64));

    /**
     * Generates task ranges within the last {@value #TOP_NUMBERS} task numbers as {first, count}.
     */
    private static Gen<List<Integer>> topRanges() {
        return source -> {
            Draws draws = new Draws(source);
            int first = draws.between(Integer.MAX_VALUE - TOP_NUMBERS, Integer.MAX_VALUE - 1);
            int count = draws.between(1, Integer.MAX_VALUE - first);
            return List.of(first, count);
        };
    }

    @Test
    void topTaskNumbers_areCountedOrRejected() {
        qt().withExamples(EXAMPLES)
                .forAll(topRanges())
                .checkAssert(
                        range -> {
                            int first = range.get(0);
                            int count = range.get(1);
                            Replay replay = Replay.registering(batchProcessScenario());
                            replay.send(new RunEvent.StartStage(address(), 1));
                            RunState before = replay.snapshot(RUN);

                            Replay.Outcome added =
                                    replay.send(new RunEvent.AddTasks(address(), 1, first, count));
                            if (added.rejection() != null) {
                                assertThat(replay.snapshot(RUN))
                                        .as("snapshot after a rejected addTasks")
                                        .isEqualTo(before);
                                return;
                            }
                            assertThat(added.recorded()).as("addTasks").isEqualTo(Recorded.APPLIED);
                            StageState stage = ((BatchProcessState) replay.snapshot(RUN)).stage(1);
                            assertThat(stage.total()).as("tasks of stage 1").isEqualTo(count);

                            Replay.Outcome outcome =
                                    replay.send(
                                            new RunEvent.RecordTaskOutcome(
                                                    address(), 1, first, TaskOutcome.SUCCEEDED));
                            assertThat(outcome.recorded())
                                    .as("outcome of task %d", first)
                                    .isEqualTo(Recorded.APPLIED);
                            ProgressTracker tracker = ProgressTracker.create(replay.store());
                            assertThat(
                                            tracker.progress(
                                                    CALLER,
                                                    ProgressQuery.ofTrackingId(RUN.value())))
                                    .as("progress after the outcome")
                                    .isNotNull();
                        });
    }

    private static Scenario batchProcessScenario() {
        return new Scenario(
                RunRegistration.batchProcess(RUN, Scenarios.ORGANIZATION, Pipeline.BATCH_PROCESS),
                List.of());
    }

    private static RunEvent.Address address() {
        return new RunEvent.Address(RUN, "run");
    }
}
