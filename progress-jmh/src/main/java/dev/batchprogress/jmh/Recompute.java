package dev.batchprogress.jmh;

import dev.batchprogress.model.Phase;
import dev.batchprogress.model.SupplyShedProgress;

/**
 * The progress query of an orchestrator that keeps one object per facility: walk every facility,
 * count the statuses, and compute the progress from the counts.
 */
final class Recompute {

    private Recompute() {}

    /** Counts the facilities of each status and returns the supply shed progress they give. */
    static SupplyShedProgress progress(FacilityRecord[] facilities) {
        long[] counts = new long[FacilityStatus.count()];
        for (FacilityRecord facility : facilities) {
            counts[facility.status.code()]++;
        }
        return fromCounts(counts);
    }

    /** Returns the progress of facilities with the given state codes, to check the others by. */
    static SupplyShedProgress expected(byte[] codes) {
        long[] counts = new long[FacilityStatus.count()];
        for (byte code : codes) {
            counts[code]++;
        }
        return fromCounts(counts);
    }

    /** Returns the progress for the number of facilities in each state, indexed by state code. */
    static SupplyShedProgress fromCounts(long[] counts) {
        long total = 0;
        long preprocessing = 0;
        long processing = 0;
        for (FacilityStatus status : FacilityStatus.values()) {
            long count = counts[status.code()];
            total += count;
            if (status.phase() == Phase.PREPROCESSING) {
                preprocessing += count;
            } else if (status.phase() == Phase.PROCESSING) {
                processing += count;
            }
        }
        long queued = counts[FacilityStatus.QUEUED.code()];
        long ungeocoded = counts[FacilityStatus.UNGEOCODED.code()];
        return new SupplyShedProgress(
                queued + preprocessing + processing == 0,
                total,
                ungeocoded,
                counts[FacilityStatus.FAILED.code()] + ungeocoded,
                counts[FacilityStatus.COMPLETED.code()],
                queued,
                preprocessing,
                processing,
                null);
    }
}
