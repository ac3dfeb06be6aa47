package dev.batchprogress.calculator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressCalculatorTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pipeline THREE = Pipeline.stages("three", "a", "b", "c");

    private static RunHeader header(Pipeline pipeline, @Nullable String skipReason) {
        return new RunHeader(TrackingId.of("run"), "acme", null, pipeline, skipReason, 0, AT, AT);
    }

    private static BatchProcessProgress batchProcess(StageState... stages) {
        return ProgressCalculator.batchProcess(
                new BatchProcessState(header(THREE, null), List.of(stages)));
    }

    private static StageState running(long total, long succeeded) {
        return new StageState(StageStatus.RUNNING, total, succeeded, 0);
    }

    private static final StageState DONE = new StageState(StageStatus.SUCCEEDED, 3, 3, 0);

    @ParameterizedTest(name = "{1} of {0} succeeded -> {2}%")
    @CsvSource({
        "3, 0, 0",
        "3, 1, 33",
        "3, 2, 66",
        "3, 3, 99",
        "1000, 999, 99",
        "200, 1, 0",
        "7, 5, 71"
    })
    void runningStage_floorsAndCapsAt99(long total, long succeeded, int percent) {
        BatchProcessProgress progress =
                batchProcess(running(total, succeeded), StageState.PENDING, StageState.PENDING);

        assertThat(progress.progress()).isEqualTo(percent);
        assertThat(progress.overallProgress()).isEqualTo(percent / 3);
    }

    @Test
    void succeededStageWithoutTasks_is100() {
        StageState empty = new StageState(StageStatus.SUCCEEDED, 0, 0, 0);

        BatchProcessProgress progress = batchProcess(empty, empty, empty);

        assertThat(progress.progress()).isEqualTo(100);
        assertThat(progress.complete()).isTrue();
        assertThat(progress.stage()).isEqualTo(3);
    }

    @Test
    void succeededStageWithUnfinishedTasks_is100() {
        StageState early = new StageState(StageStatus.SUCCEEDED, 10, 2, 1);

        assertThat(batchProcess(early, early, early).progress()).isEqualTo(100);
    }

    @Test
    void runningStageWithoutTasks_is0() {
        assertThat(batchProcess(DONE, running(0, 0), StageState.PENDING).progress()).isZero();
    }

    @Test
    void firstFailedStage_isCurrentEvenBehindRunningOnes() {
        StageState failed = new StageState(StageStatus.FAILED, 4, 2, 2);

        BatchProcessProgress progress = batchProcess(running(4, 3), failed, StageState.PENDING);

        assertThat(progress.stage()).isEqualTo(2);
        assertThat(progress.progress()).isEqualTo(50);
        assertThat(progress.failed()).isTrue();
        assertThat(progress.complete()).isFalse();
        assertThat(progress.overallProgress()).isEqualTo(50);
    }

    @Test
    void firstUnfinishedStage_isCurrentWhileLaterOnesRun() {
        BatchProcessProgress progress = batchProcess(running(2, 1), DONE, running(5, 4));

        assertThat(progress.stage()).isEqualTo(1);
        assertThat(progress.progress()).isEqualTo(50);
    }

    @Test
    void registeredRun_isStage1At0() {
        BatchProcessProgress progress =
                batchProcess(StageState.PENDING, StageState.PENDING, StageState.PENDING);

        assertThat(progress).isEqualTo(new BatchProcessProgress(3, 1, 0, false, false, 0, null));
    }

    @Test
    void hugeTaskCounts_stayExact() {
        long total = Long.MAX_VALUE;

        assertThat(batchProcess(running(total, total / 2), DONE, DONE).progress()).isEqualTo(49);
    }

    private static SupplyShedState supplyShed(
            @Nullable String skipReason,
            long queued,
            long inFirstFlow,
            long completed,
            long failed,
            long ungeocoded) {
        Pipeline two =
                new Pipeline(
                        "two",
                        List.of(
                                new dev.batchprogress.model.Flow(
                                        "pre", dev.batchprogress.model.Phase.PREPROCESSING),
                                new dev.batchprogress.model.Flow(
                                        "proc", dev.batchprogress.model.Phase.PROCESSING)));
        long total = queued + inFirstFlow + completed + failed + ungeocoded;
        return new SupplyShedState(
                header(two, skipReason),
                total,
                queued,
                List.of(inFirstFlow, 0L),
                completed,
                failed,
                ungeocoded);
    }

    @Test
    void supplyShed_failedIncludesUngeocoded() {
        SupplyShedProgress progress =
                ProgressCalculator.supplyShed(supplyShed(null, 1, 2, 3, 4, 5));

        assertThat(progress).isEqualTo(new SupplyShedProgress(false, 15, 5, 9, 3, 1, 2, 0, null));
    }

    @Test
    void supplyShedWithoutFacilities_isComplete() {
        assertThat(ProgressCalculator.supplyShed(supplyShed(null, 0, 0, 0, 0, 0)).complete())
                .isTrue();
    }

    @Test
    void skippedSupplyShed_reportsTotalAndUngeocodedOnly() {
        SupplyShedProgress progress =
                ProgressCalculator.supplyShed(supplyShed("low", 4, 1, 0, 0, 2));

        assertThat(progress).isEqualTo(new SupplyShedProgress(true, 7, 2, 2, 0, 0, 0, 0, "low"));
    }

    @Test
    void combine_sumsAndJoinsReasonsOnlyWhenAllSkipped() {
        SupplyShedState a = supplyShed("low", 1, 0, 0, 0, 1);
        SupplyShedState b = supplyShed("quota", 1, 0, 0, 0, 0);
        SupplyShedState c = supplyShed("low", 0, 0, 0, 0, 0);
        SupplyShedState running = supplyShed(null, 0, 3, 1, 0, 0);

        assertThat(ProgressCalculator.combine(List.of(a, b, c)).skipReason())
                .isEqualTo("low; quota");
        SupplyShedProgress mixed = ProgressCalculator.combine(List.of(a, running));
        assertThat(mixed.skipReason()).isNull();
        assertThat(mixed.complete()).isFalse();
        assertThat(mixed.total()).isEqualTo(6);
        assertThat(mixed.preprocessing()).isEqualTo(3);
        assertThat(mixed.failed()).isEqualTo(1);
    }

    @Test
    void combine_rejectsCountsBeyond64Bits() {
        // Four runs of 2^62 queued facilities would wrap around to a total of 0 without the check.
        long quarter = 1L << 62;
        SupplyShedState huge = supplyShed(null, quarter, 0, 0, 0, 0);

        assertThatThrownBy(() -> ProgressCalculator.combine(List.of(huge, huge, huge, huge)))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void combine_rejectsNoRuns() {
        assertThatThrownBy(() -> ProgressCalculator.combine(Collections.emptyList()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
