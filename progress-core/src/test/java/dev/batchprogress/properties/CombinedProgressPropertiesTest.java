package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.CALLER;
import static dev.batchprogress.properties.PropertySettings.EXAMPLES;
import static dev.batchprogress.properties.PropertySettings.SHRINK_CYCLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.SupplyShedProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Checks that a {@code tracking_ids} query over several supply shed runs combines the progress of
 * the distinct runs, each requested on its own. The query repeats ids and spells some of them in
 * other letter case.
 */
class CombinedProgressPropertiesTest {

    @Test
    void combinedCounts_sumDistinctRuns() {
        forEveryGroup(
                (combined, singles) -> {
                    SupplyShedProgress sum = sum(singles);
                    assertThat(combined.total()).as("total").isEqualTo(sum.total());
                    assertThat(combined.ungeocoded()).as("ungeocoded").isEqualTo(sum.ungeocoded());
                    assertThat(combined.failed()).as("failed").isEqualTo(sum.failed());
                    assertThat(combined.completed()).as("completed").isEqualTo(sum.completed());
                    assertThat(combined.queued()).as("queued").isEqualTo(sum.queued());
                    assertThat(combined.preprocessing())
                            .as("preprocessing")
                            .isEqualTo(sum.preprocessing());
                    assertThat(combined.processing()).as("processing").isEqualTo(sum.processing());
                });
    }

    @Test
    void combinedComplete_onlyWhenEveryRunComplete() {
        forEveryGroup(
                (combined, singles) ->
                        assertThat(combined.complete())
                                .as("complete, for runs %s", singles)
                                .isEqualTo(
                                        singles.stream().allMatch(SupplyShedProgress::complete)));
    }

    @Test
    void skipReason_setOnlyWhenAllSkipped() {
        forEveryGroup(
                (combined, singles) -> {
                    boolean allSkipped = singles.stream().allMatch(s -> s.skipReason() != null);
                    if (!allSkipped) {
                        assertThat(combined.skipReason())
                                .as("skip reason, for runs %s", singles)
                                .isNull();
                        return;
                    }
                    Set<String> reasons = new LinkedHashSet<>();
                    for (SupplyShedProgress single : singles) {
                        reasons.add(single.skipReason());
                    }
                    assertThat(combined.skipReason())
                            .as("skip reason, for runs %s", singles)
                            .isEqualTo(String.join("; ", reasons));
                });
    }

    /**
     * Registers and replays each group of generated runs. Then passes the combined progress, and
     * the progress of each distinct run it names (one query each, in order of first appearance), to
     * a check.
     */
    private static void forEveryGroup(
            BiConsumer<SupplyShedProgress, List<SupplyShedProgress>> check) {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(SHRINK_CYCLES)
                .forAll(Scenarios.supplyShedGroups())
                .checkAssert(
                        group -> {
                            Replay replay = Replay.registering(group.runs());
                            for (Scenario run : group.runs()) {
                                run.events().forEach(replay::send);
                            }
                            ProgressTracker tracker = ProgressTracker.create(replay.store());
                            SupplyShedProgress combined =
                                    (SupplyShedProgress)
                                            tracker.progress(
                                                    CALLER,
                                                    ProgressQuery.ofTrackingIds(
                                                            group.trackingIds()));
                            List<SupplyShedProgress> singles = new ArrayList<>();
                            for (String id : distinct(group.trackingIds())) {
                                singles.add(
                                        (SupplyShedProgress)
                                                tracker.progress(
                                                        CALLER, ProgressQuery.ofTrackingId(id)));
                            }
                            check.accept(combined, singles);
                        });
    }

    /** Returns the ids that name distinct runs, in order of first appearance. */
    private static List<String> distinct(List<String> trackingIds) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String id : trackingIds) {
            byKey.putIfAbsent(ReferenceRun.lookupKey(id), id);
        }
        return List.copyOf(byKey.values());
    }

    private static SupplyShedProgress sum(List<SupplyShedProgress> answers) {
        long total = 0;
        long ungeocoded = 0;
        long failed = 0;
        long completed = 0;
        long queued = 0;
        long preprocessing = 0;
        long processing = 0;
        for (SupplyShedProgress answer : answers) {
            total += answer.total();
            ungeocoded += answer.ungeocoded();
            failed += answer.failed();
            completed += answer.completed();
            queued += answer.queued();
            preprocessing += answer.preprocessing();
            processing += answer.processing();
        }
        return new SupplyShedProgress(
                false,
                total,
                ungeocoded,
                failed,
                completed,
                queued,
                preprocessing,
                processing,
                null);
    }
}
