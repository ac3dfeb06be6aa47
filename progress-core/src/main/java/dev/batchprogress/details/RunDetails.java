package dev.batchprogress.details;

import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.time.Instant;

/** The breakdown of one run, in the shape of its kind. */
public sealed interface RunDetails permits BatchProcessDetails, SupplyShedDetails {

    /** {@return the run's tracking id} */
    TrackingId trackingId();

    /** {@return the run's kind} */
    RunKind kind();

    /** {@return the name of the run's pipeline} */
    String pipeline();

    /** {@return when the run was registered, which is when its elapsed time starts} */
    Instant registeredAt();

    /** {@return when the run last changed; for a finished run, when it finished} */
    Instant changedAt();

    /**
     * Returns the time from registration to the breakdown's time, or to the last change for a
     * finished run. It is never negative.
     *
     * @return the elapsed time
     */
    Duration elapsed();

    /** {@return the run's own progress, as {@code /batch_progress?tracking_id=} answers it} */
    Progress progress();

    /** {@return the estimate of the time left} */
    Eta eta();
}
