package dev.batchprogress.details;

import dev.batchprogress.model.StageStatus;
import java.util.Objects;

/**
 * The state and task counts of one stage of a batch process run.
 *
 * @param number the stage's 1-based number
 * @param name the stage's name in the pipeline, such as {@code start_zonal_stats}
 * @param status the stage's lifecycle status
 * @param total the number of tasks added to the stage
 * @param succeeded the number of tasks that succeeded
 * @param failed the number of tasks that failed
 */
public record StageDetails(
        int number, String name, StageStatus status, long total, long succeeded, long failed) {

    /**
     * Validates the components.
     *
     * @param number the stage's 1-based number
     * @param name the stage's name in the pipeline, such as {@code start_zonal_stats}
     * @param status the stage's lifecycle status
     * @param total the number of tasks added to the stage
     * @param succeeded the number of tasks that succeeded
     * @param failed the number of tasks that failed
     */
    public StageDetails {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        if (number < 1) {
            throw new IllegalArgumentException(
                    "stage number " + number + " is invalid; expected at least 1");
        }
        if (total < 0 || succeeded < 0 || failed < 0 || succeeded > total - failed) {
            throw new IllegalArgumentException(
                    "invalid task counts of stage "
                            + number
                            + ": total "
                            + total
                            + ", succeeded "
                            + succeeded
                            + ", failed "
                            + failed
                            + "; expected non-negative counts with succeeded + failed <= total");
        }
    }
}
