package dev.batchprogress.memory;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.recording.FacilityStates;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunRegistration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * A supply shed run: one byte of state per facility and, per stripe of facilities, a count of the
 * facilities in each state.
 *
 * <p>A facility's state code is 0 while queued, {@code k} while running flow {@code k} (1-based),
 * then one code each for completed, failed and ungeocoded. Facilities are split into contiguous
 * stripes, each with its own lock and counters, so writers on different stripes do not contend. An
 * event updates the facility's byte and two counters of its stripe: O(1), and no allocation.
 *
 * <p>A snapshot reads every stripe under an optimistic stamp and validates all stamps after
 * reading, so it returns counts that all held at one instant; after a few failed attempts it takes
 * every read lock in stripe order. The run keeps its last optimistic snapshot with the stamps it
 * was read under: while every stripe still has the same stamp, no write lock has been taken since,
 * so that snapshot is still exact and is returned again, and polling a run that did not change
 * allocates nothing.
 */
final class SupplyShedRun extends MemoryRun {

    /** The largest pipeline whose state codes fit in a byte beside the three end states. */
    static final int MAX_FLOWS = 252;

    private static final int MIN_STRIPE_SHIFT = 16;
    private static final int MAX_STRIPES_LOG2 = 4;

    /** Optimistic reads a snapshot tries before it takes the read locks; tests read it. */
    static final int OPTIMISTIC_ATTEMPTS = 4;

    private final byte[] states;
    private final Stripe[] stripes;
    private final int stripeShift;
    private final int flows;
    private final int completedCode;
    private final int failedCode;
    private final int ungeocodedCode;

    /** The last optimistic snapshot and the stamps it validated; null before the first. */
    private volatile @Nullable LastSnapshot last;

    /** A snapshot and the stamp of each stripe it was read under, none of them 0. */
    private static final class LastSnapshot {
        final long[] stamps;
        final SupplyShedState state;

        LastSnapshot(long[] stamps, SupplyShedState state) {
            this.stamps = stamps;
            this.state = state;
        }
    }

    /** The counters of one contiguous block of facilities. */
    private static final class Stripe {
        final StampedLock lock = new StampedLock();
        final long[] counts;
        long changes;

        Stripe(int codes) {
            counts = new long[codes];
        }
    }

    SupplyShedRun(RunRegistration registration, long registrationOrder, InstantSource clock) {
        super(registration, registrationOrder, clock);
        Pipeline pipeline = registration.pipeline();
        if (pipeline.size() > MAX_FLOWS) {
            throw new InvalidEventException(
                    "pipeline '"
                            + pipeline.name()
                            + "' of run "
                            + registration.trackingId().echo()
                            + " has "
                            + pipeline.size()
                            + " flows; the in-memory engine takes at most "
                            + MAX_FLOWS);
        }
        int facilities = registration.facilities();
        flows = pipeline.size();
        completedCode = FacilityStates.completed(flows);
        failedCode = FacilityStates.failed(flows);
        ungeocodedCode = FacilityStates.ungeocoded(flows);
        states = new byte[facilities];
        stripeShift = stripeShift(facilities);
        int stripeCount = facilities == 0 ? 1 : ((facilities - 1) >>> stripeShift) + 1;
        stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe(ungeocodedCode + 1);
            int first = i << stripeShift;
            stripes[i].counts[0] = Math.min(facilities - first, 1 << stripeShift);
        }
    }

    /** Returns the number of stripes, which tests of the striping read. */
    int stripeCount() {
        return stripes.length;
    }

    /** Returns log2 of the stripe size: at least 65,536 facilities a stripe, at most 16 stripes. */
    private static int stripeShift(int facilities) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(facilities - 1, 1));
        return Math.max(MIN_STRIPE_SHIFT, bits - MAX_STRIPES_LOG2);
    }

    Recorded moveFacility(int facility, int flow) {
        if (flow < 1 || flow > flows) {
            throw Rejections.flowOutOfRange(trackingId(), flow, flows);
        }
        return transition(facility, flow);
    }

    Recorded completeFacility(int facility) {
        return transition(facility, completedCode);
    }

    Recorded failFacility(int facility) {
        return transition(facility, failedCode);
    }

    Recorded markUngeocoded(int facility) {
        return transition(facility, ungeocodedCode);
    }

    private Recorded transition(int facility, int target) {
        checkFacility(facility);
        Stripe stripe = stripes[facility >>> stripeShift];
        int from;
        boolean skipped;
        long stamp = stripe.lock.writeLock();
        try {
            from = states[facility] & 0xFF;
            skipped = skipReason != null;
            if (!skipped && from == target) {
                return Recorded.ALREADY_APPLIED;
            }
            if (!skipped && FacilityStates.allowed(flows, from, target)) {
                states[facility] = (byte) target;
                stripe.counts[from]--;
                stripe.counts[target]++;
                stripe.changes++;
                return Recorded.APPLIED;
            }
        } finally {
            stripe.lock.unlockWrite(stamp);
        }
        String subject = "facility " + facility;
        if (skipped) {
            throw skippedRejection(subject, stateName(target));
        }
        throw new IllegalTransitionException(
                trackingId(), subject, stateName(from), stateName(target));
    }

    private void checkFacility(int facility) {
        if (facility < 0 || facility >= states.length) {
            throw Rejections.facilityOutOfRange(trackingId(), facility, states.length);
        }
    }

    private String stateName(int code) {
        return FacilityStates.name(pipeline(), code);
    }

    @Override
    Recorded skip(String reason) {
        long[] stamps = new long[stripes.length];
        for (int i = 0; i < stripes.length; i++) {
            stamps[i] = stripes[i].lock.writeLock();
        }
        try {
            long open = 0;
            for (Stripe stripe : stripes) {
                for (int code = 0; code <= flows; code++) {
                    open += stripe.counts[code];
                }
            }
            Recorded outcome = checkSkip(reason, open == 0, "COMPLETE");
            if (outcome == Recorded.APPLIED) {
                skipReason = reason;
                stripes[0].changes++;
            }
            return outcome;
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                stripes[i].lock.unlockWrite(stamps[i]);
            }
        }
    }

    @Override
    SupplyShedState snapshot() {
        LastSnapshot previous = last;
        if (previous != null && unchangedSince(previous.stamps)) {
            return previous.state;
        }
        long[] stamps = new long[stripes.length];
        long[] counts = new long[ungeocodedCode + 1];
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            if (!tryOptimistic(stamps)) {
                continue;
            }
            try {
                SupplyShedState state = read(counts);
                if (validate(stamps)) {
                    last = new LastSnapshot(stamps, state);
                    return state;
                }
            } catch (IllegalArgumentException torn) {
                // Counts read while a writer held a lock may not add up; that is only an error
                // when every stamp validates.
                if (validate(stamps)) {
                    throw torn;
                }
            }
        }
        for (int i = 0; i < stripes.length; i++) {
            stamps[i] = stripes[i].lock.readLock();
        }
        try {
            return read(counts);
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                stripes[i].lock.unlockRead(stamps[i]);
            }
        }
    }

    /**
     * Returns whether no stripe's write lock was taken since the stamps were issued: each stripe
     * returns the same optimistic stamp, which a held or released write lock would have changed.
     */
    private boolean unchangedSince(long[] stamps) {
        for (int i = 0; i < stripes.length; i++) {
            if (stripes[i].lock.tryOptimisticRead() != stamps[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean tryOptimistic(long[] stamps) {
        for (int i = 0; i < stripes.length; i++) {
            stamps[i] = stripes[i].lock.tryOptimisticRead();
            if (stamps[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean validate(long[] stamps) {
        for (int i = 0; i < stripes.length; i++) {
            if (!stripes[i].lock.validate(stamps[i])) {
                return false;
            }
        }
        return true;
    }

    private SupplyShedState read(long[] counts) {
        Arrays.fill(counts, 0);
        long version = 0;
        for (Stripe stripe : stripes) {
            for (int code = 0; code < counts.length; code++) {
                counts[code] += stripe.counts[code];
            }
            version += stripe.changes;
        }
        Long[] inFlow = new Long[flows];
        for (int code = 1; code <= flows; code++) {
            inFlow[code - 1] = counts[code];
        }
        // List.of copies the array once, and the state's List.copyOf keeps that list as it is.
        return new SupplyShedState(
                header(version),
                states.length,
                counts[0],
                List.of(inFlow),
                counts[completedCode],
                counts[failedCode],
                counts[ungeocodedCode]);
    }
}
