package dev.batchprogress.model;

import org.jspecify.annotations.Nullable;

/**
 * The progress of a batch process run, field for field as the wire contract names them.
 *
 * @param nStages the number of stages of the run's pipeline, at least 1
 * @param stage the 1-based number of the current stage, in [1, nStages]
 * @param progress percent of the current stage done, in [0, 100]; 100 only for a stage that
 *     succeeded
 * @param failed whether some stage failed
 * @param complete whether every stage succeeded or the run was skipped; never with {@code failed}
 * @param overallProgress percent of the whole run done, in [0, 100]
 * @param skipReason the reason the run was skipped, or {@code null}
 */
public record BatchProcessProgress(
        int nStages,
        int stage,
        int progress,
        boolean failed,
        boolean complete,
        int overallProgress,
        @Nullable String skipReason)
        implements Progress {

    /**
     * Validates the ranges.
     *
     * @param nStages the number of stages of the run's pipeline, at least 1
     * @param stage the 1-based number of the current stage, in [1, nStages]
     * @param progress percent of the current stage done, in [0, 100]; 100 only for a stage that
     *     succeeded
     * @param failed whether some stage failed
     * @param complete whether every stage succeeded or the run was skipped; never with {@code
     *     failed}
     * @param overallProgress percent of the whole run done, in [0, 100]
     * @param skipReason the reason the run was skipped, or {@code null}
     */
    public BatchProcessProgress {
        if (nStages < 1 || stage < 1 || stage > nStages) {
            throw new IllegalArgumentException(
                    "stage "
                            + stage
                            + " of "
                            + nStages
                            + " is out of range; expected 1 to n_stages");
        }
        if (progress < 0 || progress > 100 || overallProgress < 0 || overallProgress > 100) {
            throw new IllegalArgumentException(
                    "progress "
                            + progress
                            + " or overall progress "
                            + overallProgress
                            + " is out of range; expected 0 to 100");
        }
        if (failed && complete) {
            throw new IllegalArgumentException("a run cannot be both failed and complete");
        }
    }
}
