package dev.batchprogress.calculator;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Computes progress from run-state snapshots. Pure functions: no I/O, no clock, no state. */
public final class ProgressCalculator {

    private static final int PERCENT = 100;
    private static final int MAX_UNFINISHED_PERCENT = 99;

    private ProgressCalculator() {}

    /**
     * Computes the progress of one run, in the shape of its kind.
     *
     * @param state a snapshot of the run
     * @return a {@link BatchProcessProgress} or a {@link SupplyShedProgress}
     */
    public static Progress progress(RunState state) {
        if (state instanceof BatchProcessState batchProcess) {
            return batchProcess(batchProcess);
        }
        return supplyShed((SupplyShedState) state);
    }

    /**
     * Computes the progress of a batch process run.
     *
     * <p>The current stage is the first failed stage, otherwise the first stage that has not
     * succeeded, otherwise the last. Its progress is {@code floor(100 × succeeded / total)}, except
     * that a succeeded stage is 100, any other stage is capped at 99, and a stage without tasks
     * that has not succeeded is 0. Overall progress weighs stages equally: {@code floor(((stage −
     * 1) × 100 + progress) / n_stages)}. A skipped run reports its last stage at 100, complete.
     *
     * @param state a snapshot of the run
     * @return the run's progress
     */
    public static BatchProcessProgress batchProcess(BatchProcessState state) {
        List<StageState> stages = state.stages();
        int nStages = stages.size();
        String skipReason = state.header().skipReason();
        if (skipReason != null) {
            return new BatchProcessProgress(
                    nStages, nStages, PERCENT, false, true, PERCENT, skipReason);
        }

        int current = currentStage(stages);
        StageState stage = stages.get(current - 1);
        int progress = stagePercent(stage);
        boolean failed = stage.status() == StageStatus.FAILED;
        boolean complete = !failed && current == nStages && stage.status() == StageStatus.SUCCEEDED;
        int overall = (int) (((current - 1L) * PERCENT + progress) / nStages);
        return new BatchProcessProgress(
                nStages, current, progress, failed, complete, overall, null);
    }

    /** Returns the 1-based number of the current stage. */
    private static int currentStage(List<StageState> stages) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).status() == StageStatus.FAILED) {
                return i + 1;
            }
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).status() != StageStatus.SUCCEEDED) {
                return i + 1;
            }
        }
        return stages.size();
    }

    private static int stagePercent(StageState stage) {
        if (stage.status() == StageStatus.SUCCEEDED) {
            return PERCENT;
        }
        if (stage.total() == 0) {
            return 0;
        }
        long percent;
        if (stage.succeeded() <= Long.MAX_VALUE / PERCENT) {
            percent = stage.succeeded() * PERCENT / stage.total();
        } else {
            // 100 × succeeded overflows a long only beyond 9 × 10^16 tasks; stay exact anyway.
            percent =
                    BigInteger.valueOf(stage.succeeded())
                            .multiply(BigInteger.valueOf(PERCENT))
                            .divide(BigInteger.valueOf(stage.total()))
                            .longValue();
        }
        return (int) Math.min(percent, MAX_UNFINISHED_PERCENT);
    }

    /**
     * Computes the progress of one supply shed run.
     *
     * <p>Failed facilities include the ungeocoded ones. The run is complete when no facility is
     * queued or running a flow. A skipped run reports its total and its ungeocoded facilities (as
     * failed), every other count 0, complete.
     *
     * @param state a snapshot of the run
     * @return the run's progress
     */
    public static SupplyShedProgress supplyShed(SupplyShedState state) {
        String skipReason = state.header().skipReason();
        if (skipReason != null) {
            return new SupplyShedProgress(
                    true,
                    state.total(),
                    state.ungeocoded(),
                    state.ungeocoded(),
                    0,
                    0,
                    0,
                    0,
                    skipReason);
        }
        long preprocessing = state.inPhase(Phase.PREPROCESSING);
        long processing = state.inPhase(Phase.PROCESSING);
        boolean complete = state.queued() + preprocessing + processing == 0;
        return new SupplyShedProgress(
                complete,
                state.total(),
                state.ungeocoded(),
                state.failed() + state.ungeocoded(),
                state.completed(),
                state.queued(),
                preprocessing,
                processing,
                null);
    }

    /**
     * Combines the progress of several distinct supply shed runs into one answer.
     *
     * <p>Every count is the sum over the runs; the answer is complete when every run is complete.
     * The skip reason is set only when every run was skipped: their distinct reasons joined by
     * {@code "; "} in order of first appearance. The caller passes each run once.
     *
     * @param states snapshots of distinct runs, at least one
     * @return the combined progress
     * @throws IllegalArgumentException if no state is given
     * @throws ArithmeticException if a sum exceeds {@link Long#MAX_VALUE}, which no run recorded
     *     through this library reaches
     */
    public static SupplyShedProgress combine(List<SupplyShedState> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException(
                    "no supply shed runs to combine; expected at least one");
        }
        long total = 0;
        long ungeocoded = 0;
        long failed = 0;
        long completed = 0;
        long queued = 0;
        long preprocessing = 0;
        long processing = 0;
        boolean complete = true;
        Set<String> reasons = new LinkedHashSet<>();
        boolean allSkipped = true;
        for (SupplyShedState state : states) {
            SupplyShedProgress run = supplyShed(state);
            total = Math.addExact(total, run.total());
            ungeocoded = Math.addExact(ungeocoded, run.ungeocoded());
            failed = Math.addExact(failed, run.failed());
            completed = Math.addExact(completed, run.completed());
            queued = Math.addExact(queued, run.queued());
            preprocessing = Math.addExact(preprocessing, run.preprocessing());
            processing = Math.addExact(processing, run.processing());
            complete &= run.complete();
            String reason = run.skipReason();
            allSkipped &= reason != null;
            if (reason != null) {
                reasons.add(reason);
            }
        }
        String skipReason = allSkipped ? String.join("; ", reasons) : null;
        return new SupplyShedProgress(
                complete,
                total,
                ungeocoded,
                failed,
                completed,
                queued,
                preprocessing,
                processing,
                skipReason);
    }
}
