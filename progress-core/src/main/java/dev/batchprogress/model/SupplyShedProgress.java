package dev.batchprogress.model;

import org.jspecify.annotations.Nullable;

/**
 * The progress of one supply shed run, or of several combined, field for field as the wire contract
 * names them.
 *
 * <p>For a run that was not skipped, {@code total = queued + preprocessing + processing + completed
 * + failed} and {@code 0 <= ungeocoded <= failed}. A skipped run reports only its total and its
 * ungeocoded facilities (as failed), so its counts do not add up to the total.
 *
 * @param complete whether no facility is queued or running a flow
 * @param total facilities submitted
 * @param ungeocoded facilities that could not be geocoded
 * @param failed facilities that failed, ungeocoded ones included
 * @param completed facilities that finished every flow
 * @param queued facilities waiting to enter the first flow
 * @param preprocessing facilities running a preprocessing flow
 * @param processing facilities running a processing flow
 * @param skipReason the reason the run was skipped, or {@code null}
 */
public record SupplyShedProgress(
        boolean complete,
        long total,
        long ungeocoded,
        long failed,
        long completed,
        long queued,
        long preprocessing,
        long processing,
        @Nullable String skipReason)
        implements Progress {

    /**
     * Validates that no count is negative and that ungeocoded facilities are among the failed.
     *
     * @param complete whether no facility is queued or running a flow
     * @param total facilities submitted
     * @param ungeocoded facilities that could not be geocoded
     * @param failed facilities that failed, ungeocoded ones included
     * @param completed facilities that finished every flow
     * @param queued facilities waiting to enter the first flow
     * @param preprocessing facilities running a preprocessing flow
     * @param processing facilities running a processing flow
     * @param skipReason the reason the run was skipped, or {@code null}
     */
    public SupplyShedProgress {
        if (total < 0
                || ungeocoded < 0
                || failed < ungeocoded
                || completed < 0
                || queued < 0
                || preprocessing < 0
                || processing < 0) {
            throw new IllegalArgumentException(
                    "invalid supply shed counts: total "
                            + total
                            + ", ungeocoded "
                            + ungeocoded
                            + ", failed "
                            + failed
                            + ", completed "
                            + completed
                            + ", queued "
                            + queued
                            + ", preprocessing "
                            + preprocessing
                            + ", processing "
                            + processing
                            + "; expected non-negative counts with ungeocoded <= failed");
        }
    }
}
