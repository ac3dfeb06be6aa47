package dev.batchprogress.jmh;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.FacilityStates;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Supply shed runs for the benchmarks: tracking ids, the caller, and facility states drawn from a
 * seeded random, recorded through the engine's events or copied into per-facility objects.
 */
public final class SupplyShedFixture {

    public static final String ORGANIZATION = "benchmark-org";
    public static final Caller CALLER =
            new Caller("benchmark", ORGANIZATION, Set.of(Permission.READ));
    public static final Pipeline PIPELINE = Pipeline.SUPPLY_SHED;
    public static final int FLOWS = PIPELINE.size();
    public static final int COMPLETED = FacilityStates.completed(FLOWS);
    public static final int FAILED = FacilityStates.failed(FLOWS);
    public static final int UNGEOCODED = FacilityStates.ungeocoded(FLOWS);

    static {
        if (FacilityStatus.count() != UNGEOCODED + 1
                || FacilityStatus.COMPLETED.code() != COMPLETED
                || FacilityStatus.FAILED.code() != FAILED) {
            throw new IllegalStateException(
                    "FacilityStatus does not match the state codes of the "
                            + PIPELINE.name()
                            + " pipeline");
        }
    }

    private SupplyShedFixture() {}

    /** Returns the canonical tracking id {@code 0x} followed by {@code number} in 64 hex digits. */
    public static TrackingId trackingId(long number) {
        return TrackingId.of(String.format(Locale.ROOT, "0x%064x", number));
    }

    /**
     * Draws a state code for each facility, uniformly over queued, each flow and the three end
     * states, so that every count of the progress is non-zero.
     */
    public static byte[] spreadStates(int facilities, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] codes = new byte[facilities];
        for (int i = 0; i < facilities; i++) {
            codes[i] = (byte) random.nextInt(UNGEOCODED + 1);
        }
        return codes;
    }

    /** Draws an end state (completed, failed or ungeocoded) for each facility: a finished run. */
    public static byte[] finishedStates(int facilities, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] codes = new byte[facilities];
        for (int i = 0; i < facilities; i++) {
            codes[i] = (byte) (COMPLETED + random.nextInt(3));
        }
        return codes;
    }

    /** Registers a supply shed run of {@link #PIPELINE} owned by {@link #ORGANIZATION}. */
    public static TrackingId register(RunRecorder recorder, long number, int facilities) {
        TrackingId run = trackingId(number);
        recorder.register(RunRegistration.supplyShed(run, ORGANIZATION, PIPELINE, facilities));
        return run;
    }

    /** Records the events that take each facility of a new run from the queue to its code. */
    public static void drive(RunRecorder recorder, TrackingId run, byte[] codes) {
        for (int facility = 0; facility < codes.length; facility++) {
            int code = codes[facility];
            if (code >= 1 && code <= FLOWS) {
                recorder.moveFacility(run, facility, code);
            } else if (code == COMPLETED) {
                recorder.moveFacility(run, facility, FLOWS);
                recorder.completeFacility(run, facility);
            } else if (code == FAILED) {
                recorder.failFacility(run, facility);
            } else if (code == UNGEOCODED) {
                recorder.markUngeocoded(run, facility);
            }
        }
    }

    /** Returns one object per facility, each with the status of its code, allocated in order. */
    public static FacilityRecord[] records(byte[] codes) {
        FacilityRecord[] records = new FacilityRecord[codes.length];
        for (int facility = 0; facility < codes.length; facility++) {
            records[facility] = new FacilityRecord();
            records[facility].status = FacilityStatus.ofCode(codes[facility]);
        }
        return records;
    }
}
