package dev.batchprogress.details;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The breakdown of a supply shed run: how many facilities run each flow, and how many are in each
 * other state.
 *
 * @param trackingId the run's tracking id
 * @param pipeline the name of the run's pipeline
 * @param registeredAt when the run was registered
 * @param changedAt when the run last changed
 * @param elapsed the run's elapsed time, not negative
 * @param progress the run's progress
 * @param facilities the facilities by state, as recorded
 * @param flows one entry per flow of the pipeline, in order
 * @param eta the estimate of the time left
 */
public record SupplyShedDetails(
        TrackingId trackingId,
        String pipeline,
        Instant registeredAt,
        Instant changedAt,
        Duration elapsed,
        SupplyShedProgress progress,
        FacilityCounts facilities,
        List<FlowDetails> flows,
        Eta eta)
        implements RunDetails {

    /**
     * Validates the components and copies the flow list.
     *
     * @param trackingId the run's tracking id
     * @param pipeline the name of the run's pipeline
     * @param registeredAt when the run was registered
     * @param changedAt when the run last changed
     * @param elapsed the run's elapsed time, not negative
     * @param progress the run's progress
     * @param facilities the facilities by state, as recorded
     * @param flows one entry per flow of the pipeline, in order
     * @param eta the estimate of the time left
     */
    public SupplyShedDetails {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(facilities, "facilities");
        Objects.requireNonNull(eta, "eta");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException(
                    "elapsed time " + elapsed + " of run " + trackingId.echo() + " is negative");
        }
        flows = List.copyOf(flows);
    }

    @Override
    public RunKind kind() {
        return RunKind.BATCH_SUPPLY_SHED;
    }
}
