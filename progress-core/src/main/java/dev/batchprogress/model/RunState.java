package dev.batchprogress.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A consistent snapshot of one run: what a run-state source returns and what progress is computed
 * from. All counts of a snapshot come from one state of the run, even while other threads record
 * events.
 */
public sealed interface RunState permits BatchProcessState, SupplyShedState {

    /** {@return what the snapshot carries besides its counts} */
    RunHeader header();

    /** {@return the run's kind} */
    RunKind kind();

    /** {@return whether the run ended: complete, failed or skipped} */
    boolean finished();

    /** {@return the run's tracking id} */
    default TrackingId trackingId() {
        return header().trackingId();
    }

    /** {@return the organization that owns the run} */
    default String organization() {
        return header().organization();
    }

    /** {@return the content hash of the file the run was submitted with, if it was recorded} */
    default Optional<TrackingId> filename() {
        return Optional.ofNullable(header().filename());
    }

    /** {@return the run's pipeline} */
    default Pipeline pipeline() {
        return header().pipeline();
    }

    /** {@return the reason the run was skipped, if it was} */
    default Optional<String> skipReason() {
        return Optional.ofNullable(header().skipReason());
    }

    /**
     * Returns the run's version: a number that grows with every recorded change of this run and
     * says nothing about other runs.
     *
     * @return the version, at least 0
     */
    default long version() {
        return header().version();
    }

    /** {@return when the run was registered} */
    default Instant registeredAt() {
        return header().registeredAt();
    }

    /** {@return when the run last changed; the registration time when nothing happened since} */
    default Instant changedAt() {
        return header().changedAt();
    }
}
