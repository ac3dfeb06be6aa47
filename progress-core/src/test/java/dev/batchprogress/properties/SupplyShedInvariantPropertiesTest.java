package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.CALLER;
import static dev.batchprogress.properties.PropertySettings.EXAMPLES;
import static dev.batchprogress.properties.PropertySettings.SHRINK_CYCLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Checks the supply shed counting rules on every snapshot of generated runs, with the progress
 * requested through {@link ProgressTracker}. For a run that was not skipped, {@code total = queued
 * + preprocessing + processing + completed + failed} and {@code 0 <= ungeocoded <= failed}. A
 * skipped run reports its total and its ungeocoded facilities, as failed, and nothing else.
 */
class SupplyShedInvariantPropertiesTest {

    /** A quarter of the runs end with a skip, so skipped runs are common. */
    private static final int SKIP_PERCENT = 25;

    @Test
    void answer_addsUpToTotal_unlessSkipped() {
        forEveryAnswer(
                (state, answer) -> {
                    if (answer.skipReason() != null) {
                        return;
                    }
                    long sum =
                            answer.queued()
                                    + answer.preprocessing()
                                    + answer.processing()
                                    + answer.completed()
                                    + answer.failed();
                    assertThat(sum)
                            .as("queued + running + completed + failed")
                            .isEqualTo(answer.total());
                    assertThat(answer.total()).as("total").isEqualTo(state.total());
                });
    }

    @Test
    void ungeocoded_isCountedAmongFailed() {
        forEveryAnswer(
                (state, answer) -> {
                    assertThat(answer.ungeocoded()).as("ungeocoded").isNotNegative();
                    assertThat(answer.ungeocoded())
                            .as("ungeocoded, at most failed")
                            .isLessThanOrEqualTo(answer.failed());
                    assertThat(answer.ungeocoded())
                            .as("ungeocoded, as the snapshot counts them")
                            .isEqualTo(state.ungeocoded());
                });
    }

    @Test
    void complete_whenNothingQueuedOrRunning() {
        forEveryAnswer(
                (state, answer) -> {
                    if (answer.skipReason() != null) {
                        return;
                    }
                    long open = answer.queued() + answer.preprocessing() + answer.processing();
                    assertThat(answer.complete()).as("complete").isEqualTo(open == 0);
                });
    }

    @Test
    void skippedRun_reportsTotalAndUngeocodedOnly() {
        forEveryAnswer(
                (state, answer) -> {
                    String skipReason = state.header().skipReason();
                    if (skipReason == null) {
                        assertThat(answer.skipReason()).as("skip reason").isNull();
                        return;
                    }
                    SupplyShedProgress expected =
                            new SupplyShedProgress(
                                    true,
                                    state.total(),
                                    state.ungeocoded(),
                                    state.ungeocoded(),
                                    0,
                                    0,
                                    0,
                                    0,
                                    skipReason);
                    assertThat(answer).as("answer for a skipped run").isEqualTo(expected);
                });
    }

    /**
     * Replays generated supply shed runs and passes each snapshot, with the tracker's progress
     * taken right after it, to a check. A failed check names the event before it.
     */
    private static void forEveryAnswer(BiConsumer<SupplyShedState, SupplyShedProgress> check) {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(Scenarios.supplySheds(SKIP_PERCENT))
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
                                SupplyShedState state = (SupplyShedState) replay.snapshot(run);
                                SupplyShedProgress answer =
                                        (SupplyShedProgress) tracker.progress(CALLER, query);
                                assertThat(state.total())
                                        .as("snapshot total")
                                        .isEqualTo(scenario.registration().facilities());
                                Steps.checkAfter(scenario, i, () -> check.accept(state, answer));
                            }
                        });
    }
}
