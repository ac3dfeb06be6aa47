package dev.batchprogress.memory;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunRegistration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** The mutable state of one run in an {@link InMemoryRunStore}. */
abstract sealed class MemoryRun permits BatchProcessRun, SupplyShedRun {

    final RunRegistration registration;
    final long registrationOrder;
    final Instant registeredAt;
    final InstantSource clock;

    /**
     * The skip reason. Written only while every lock of the run is held for writing, and read under
     * a lock or inside a validated optimistic read, so no event can slip past a skip.
     */
    @Nullable String skipReason;

    /** The newest version a snapshot has seen, and when it first saw it. */
    private final AtomicReference<Observation> lastObservation;

    private record Observation(long version, Instant at) {}

    MemoryRun(RunRegistration registration, long registrationOrder, InstantSource clock) {
        this.registration = registration;
        this.registrationOrder = registrationOrder;
        this.clock = clock;
        // Change times are kept in milliseconds, so the registration time is too. Otherwise a
        // change in the same millisecond would seem to come before the registration.
        this.registeredAt = Instant.ofEpochMilli(clock.millis());
        this.lastObservation = new AtomicReference<>(new Observation(0, registeredAt));
    }

    TrackingId trackingId() {
        return registration.trackingId();
    }

    String organization() {
        return registration.organization();
    }

    Pipeline pipeline() {
        return registration.pipeline();
    }

    /** Takes a consistent snapshot of the run. */
    abstract RunState snapshot();

    /** Skips the run unless it is complete or failed. */
    abstract Recorded skip(String reason);

    final RunHeader header(long version) {
        return new RunHeader(
                registration.trackingId(),
                registration.organization(),
                registration.filename(),
                registration.pipeline(),
                skipReason,
                version,
                registeredAt,
                changedAt(version));
    }

    /**
     * Returns when the run reached a version, as the time a snapshot first saw it. Recording never
     * reads the clock, which would cost more than the event itself, so a change is dated when it is
     * first observed: never before it happened, and never after the first snapshot that follows.
     */
    private Instant changedAt(long version) {
        Observation seen = Objects.requireNonNull(lastObservation.get());
        while (version > seen.version()) {
            Instant now = Instant.ofEpochMilli(clock.millis());
            Observation next = new Observation(version, now.isAfter(seen.at()) ? now : seen.at());
            if (lastObservation.compareAndSet(seen, next)) {
                return next.at();
            }
            seen = Objects.requireNonNull(lastObservation.get());
        }
        return seen.at();
    }

    /** Returns the outcome of a skip, or throws, given whether the run may still be skipped. */
    final Recorded checkSkip(String reason, boolean ended, String endedState) {
        String current = skipReason;
        if (current != null) {
            if (current.equals(reason)) {
                return Recorded.ALREADY_APPLIED;
            }
            throw Rejections.cannotSkip(trackingId(), Rejections.skippedState(current), reason);
        }
        if (ended) {
            throw Rejections.cannotSkip(trackingId(), endedState, reason);
        }
        return Recorded.APPLIED;
    }

    final IllegalTransitionException skippedRejection(String subject, String target) {
        return Rejections.skipped(trackingId(), subject, target);
    }

    final InvalidEventException wrongKind(String event) {
        return Rejections.wrongKind(trackingId(), event, registration.kind());
    }
}
