package dev.batchprogress.servlet;

import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source that delegates to another until a fault is set: then it throws, hangs, or returns
 * answers that break the {@link RunStateSource} contract. It counts every call it receives.
 */
final class FaultySource implements RunStateSource {

    /** How long a hanging call waits for {@link #release()} before it gives up, so tests end. */
    private static final long HANG_LIMIT_SECONDS = 30;

    /** What the source does instead of delegating. */
    enum Fault {
        NONE,
        THROWS_SOURCE_UNAVAILABLE,
        THROWS_ILLEGAL_STATE,
        THROWS_NULL_POINTER,
        THROWS_UNCHECKED_IO,
        RETURNS_NULL,
        RETURNS_NULL_STATES,
        RETURNS_OTHER_RUN,
        RETURNS_UNASKED_RUN,
        IGNORES_SCOPE,
        HANGS
    }

    private final RunStateSource delegate;
    private final RunState otherRun;
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger hanging = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile CountDownLatch release = new CountDownLatch(1);

    /**
     * Creates the source.
     *
     * @param delegate where answers come from while no fault is set
     * @param otherRun a run that garbage answers return in place of the requested one
     */
    FaultySource(RunStateSource delegate, RunState otherRun) {
        this.delegate = delegate;
        this.otherRun = otherRun;
    }

    /** Sets the fault of every later call; {@link Fault#NONE} restores delegation. */
    void fail(Fault newFault) {
        if (newFault == Fault.HANGS) {
            release = new CountDownLatch(1);
        }
        fault = newFault;
    }

    /** Ends the fault and lets every hanging call return the delegate's answer. */
    void release() {
        fault = Fault.NONE;
        release.countDown();
    }

    /** Returns the number of calls of {@link #load} and {@link #findLatestByFilename} so far. */
    int loads() {
        return loads.get();
    }

    /** Returns the number of calls that hang now. */
    int hanging() {
        return hanging.get();
    }

    @Override
    public Map<TrackingId, RunState> load(
            VisibilityScope scope, Collection<TrackingId> trackingIds) {
        loads.incrementAndGet();
        Fault current = fault;
        switch (current) {
            case RETURNS_NULL -> {
                return null;
            }
            case RETURNS_NULL_STATES -> {
                Map<TrackingId, RunState> nulls = new HashMap<>();
                trackingIds.forEach(trackingId -> nulls.put(trackingId, null));
                return nulls;
            }
            case RETURNS_OTHER_RUN -> {
                Map<TrackingId, RunState> swapped = new LinkedHashMap<>();
                trackingIds.forEach(trackingId -> swapped.put(trackingId, otherRun));
                return swapped;
            }
            case RETURNS_UNASKED_RUN -> {
                Map<TrackingId, RunState> extended =
                        new LinkedHashMap<>(delegate.load(scope, trackingIds));
                extended.put(otherRun.trackingId(), otherRun);
                return extended;
            }
            case IGNORES_SCOPE -> {
                return delegate.load(VisibilityScope.all(), trackingIds);
            }
            default -> {
                throwOrHang(current);
                return delegate.load(scope, trackingIds);
            }
        }
    }

    @Override
    public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        loads.incrementAndGet();
        Fault current = fault;
        switch (current) {
            case RETURNS_NULL -> {
                return null;
            }
            case RETURNS_NULL_STATES, RETURNS_OTHER_RUN, RETURNS_UNASKED_RUN -> {
                return Optional.of(otherRun);
            }
            case IGNORES_SCOPE -> {
                return delegate.findLatestByFilename(VisibilityScope.all(), filename);
            }
            default -> {
                throwOrHang(current);
                return delegate.findLatestByFilename(scope, filename);
            }
        }
    }

    @Override
    public List<RunState> list(VisibilityScope scope, int limit) {
        return delegate.list(scope, limit);
    }

    private void throwOrHang(Fault current) {
        switch (current) {
            case THROWS_SOURCE_UNAVAILABLE ->
                    throw new SourceUnavailableException(
                            "connection to db.internal:5432 refused, password=hunter2");
            case THROWS_ILLEGAL_STATE ->
                    throw new IllegalStateException("pool exhausted in HikariPool-1");
            case THROWS_NULL_POINTER -> throw new NullPointerException("row.getString(\"kind\")");
            case THROWS_UNCHECKED_IO ->
                    throw new UncheckedIOException(new IOException("disk /var/lib/pg is full"));
            case HANGS -> hang();
            default -> {
                // NONE and the garbage faults do not throw.
            }
        }
    }

    private void hang() {
        hanging.incrementAndGet();
        try {
            if (!release.await(HANG_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hanging source was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while hanging", e);
        } finally {
            hanging.decrementAndGet();
        }
    }
}
