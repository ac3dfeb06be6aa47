package dev.batchprogress.model;

import java.util.Objects;

/**
 * A snapshot of one batch process stage.
 *
 * @param status the stage's lifecycle status
 * @param total the number of tasks added to the stage, at least 0
 * @param succeeded the number of tasks that succeeded, at least 0
 * @param failed the number of tasks that failed, at least 0; {@code succeeded + failed <= total}
 */
public record StageState(StageStatus status, long total, long succeeded, long failed) {

    /** A stage that has not started and has no tasks. */
    public static final StageState PENDING = new StageState(StageStatus.PENDING, 0, 0, 0);

    /**
     * Validates the counts.
     *
     * @param status the stage's lifecycle status
     * @param total the number of tasks added to the stage, at least 0
     * @param succeeded the number of tasks that succeeded, at least 0
     * @param failed the number of tasks that failed, at least 0; {@code succeeded + failed <=
     *     total}
     */
    public StageState {
        Objects.requireNonNull(status, "status");
        if (total < 0 || succeeded < 0 || failed < 0 || succeeded > total - failed) {
            throw new IllegalArgumentException(
                    "invalid task counts: total "
                            + total
                            + ", succeeded "
                            + succeeded
                            + ", failed "
                            + failed
                            + "; expected non-negative counts with succeeded + failed <= total");
        }
    }
}
