package dev.batchprogress.model;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a batch process run: the state and task counts of each stage of its pipeline.
 *
 * @param header the run's tracking id, owner, pipeline, skip reason, version and times
 * @param stages one state per stage of the pipeline, in pipeline order
 */
public record BatchProcessState(RunHeader header, List<StageState> stages) implements RunState {

    /**
     * Validates the components and copies the stage list.
     *
     * @param header the run's tracking id, owner, pipeline, skip reason, version and times
     * @param stages one state per stage of the pipeline, in pipeline order
     */
    public BatchProcessState {
        Objects.requireNonNull(header, "header");
        stages = List.copyOf(stages);
        if (stages.size() != header.pipeline().size()) {
            throw new IllegalArgumentException(
                    "run "
                            + header.trackingId().echo()
                            + " has "
                            + stages.size()
                            + " stage states for a "
                            + header.pipeline().size()
                            + "-stage pipeline; expected one per stage");
        }
    }

    @Override
    public RunKind kind() {
        return RunKind.BATCH_PROCESS;
    }

    /**
     * Returns the state of a stage.
     *
     * @param number the stage's 1-based number
     * @return the stage's state
     * @throws IllegalArgumentException if the pipeline has no stage of that number
     */
    public StageState stage(int number) {
        header.pipeline().checkNumber(number);
        return stages.get(number - 1);
    }

    /** Returns whether the run was skipped, some stage failed, or every stage succeeded. */
    @Override
    public boolean finished() {
        if (header.skipReason() != null) {
            return true;
        }
        boolean allSucceeded = true;
        for (StageState stage : stages) {
            if (stage.status() == StageStatus.FAILED) {
                return true;
            }
            allSucceeded &= stage.status() == StageStatus.SUCCEEDED;
        }
        return allSucceeded;
    }
}
