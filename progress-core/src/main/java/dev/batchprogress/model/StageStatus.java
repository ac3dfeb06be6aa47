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

    /**
     * Returns whether a stage may move from this status to another: {@code PENDING → RUNNING},
     * {@code RUNNING → SUCCEEDED} and {@code RUNNING → FAILED}.
     *
     * @param target the requested status
     * @return whether the lifecycle allows the move
     */
    public boolean canMoveTo(StageStatus target) {
        return switch (target) {
            case RUNNING -> this == PENDING;
            case SUCCEEDED, FAILED -> this == RUNNING;
            case PENDING -> false;
        };
    }

    /** {@return whether this status is final} */
    public boolean ended() {
        return this == SUCCEEDED || this == FAILED;
    }
}
