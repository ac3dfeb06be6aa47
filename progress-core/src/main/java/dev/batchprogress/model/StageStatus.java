package dev.batchprogress.model;

/**
 * The lifecycle of a batch process stage: {@code PENDING → RUNNING → SUCCEEDED} or {@code FAILED}.
 * Both end states are final.
 */
public enum StageStatus {
    /** Not started. */
    PENDING,
    /** Started and not ended; tasks may still be added and finish. */
    RUNNING,
    /** Ended successfully. */
    SUCCEEDED,
    /** Ended in failure, as the orchestrator decided; a failed task alone does not end a stage. */
    FAILED;

    /** Returns whether this status is final. */
    public boolean ended() {
        return this == SUCCEEDED || this == FAILED;
    }
}
