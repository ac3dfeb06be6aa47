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

    MemoryRun(RunRegistration registration, long registrationOrder, InstantSource clock) {
        this.registration = registration;
        this.registrationOrder = registrationOrder;
        this.clock = clock;
        // Change times are kept in milliseconds, so the registration time is too; otherwise a
        // change in the same millisecond would seem to come before the registration.
        this.registeredAt = Instant.ofEpochMilli(clock.millis());
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

    final RunHeader header(long version, long changedMillis) {
        // A clock that steps back must not date a change before the registration.
        Instant changedAt =
                version == 0 || changedMillis <= registeredAt.toEpochMilli()
                        ? registeredAt
                        : Instant.ofEpochMilli(changedMillis);
        return new RunHeader(
                registration.trackingId(),
                registration.organization(),
                registration.filename(),
                registration.pipeline(),
                skipReason,
                version,
                registeredAt,
                changedAt);
    }

    /** Returns the outcome of a skip, or throws, given whether the run may still be skipped. */
    final Recorded checkSkip(String reason, boolean ended, String endedState) {
        String current = skipReason;
        if (current != null) {
            if (current.equals(reason)) {
                return Recorded.ALREADY_APPLIED;
            }
            throw Rejections.cannotSkip(trackingId(), "SKIPPED (" + current + ")", reason);
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
