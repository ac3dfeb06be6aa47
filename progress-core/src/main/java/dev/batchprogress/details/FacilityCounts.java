package dev.batchprogress.details;

/**
 * The facilities of a supply shed run by state, as recorded.
 *
 * <p>As in the progress answer, {@code failed} includes the ungeocoded facilities, so {@code total
 * = queued + (facilities in flows) + completed + failed}. Unlike the progress answer, a skipped run
 * reports its counts as they were when it was skipped.
 *
 * @param total the facilities of the run
 * @param queued facilities that have not entered a flow
 * @param completed facilities that finished the last flow
 * @param failed facilities that failed in a flow or while queued, ungeocoded ones included
 * @param ungeocoded facilities that could not be geocoded, at most {@code failed}
 */
public record FacilityCounts(
        long total, long queued, long completed, long failed, long ungeocoded) {

    /**
     * Validates that no count is negative and that ungeocoded facilities are among the failed.
     *
     * @param total the facilities of the run
     * @param queued facilities that have not entered a flow
     * @param completed facilities that finished the last flow
     * @param failed facilities that failed in a flow or while queued, ungeocoded ones included
     * @param ungeocoded facilities that could not be geocoded, at most {@code failed}
     */
    public FacilityCounts {
        if (total < 0 || queued < 0 || completed < 0 || ungeocoded < 0 || failed < ungeocoded) {
            throw new IllegalArgumentException(
                    "invalid facility counts: total "
                            + total
                            + ", queued "
                            + queued
                            + ", completed "
                            + completed
                            + ", failed "
                            + failed
                            + ", ungeocoded "
                            + ungeocoded
                            + "; expected non-negative counts with ungeocoded <= failed");
        }
    }
}
