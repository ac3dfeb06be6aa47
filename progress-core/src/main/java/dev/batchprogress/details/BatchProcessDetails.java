package dev.batchprogress.details;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The breakdown of a batch process run: every stage with its state and task counts.
 *
 * @param trackingId the run's tracking id
 * @param pipeline the name of the run's pipeline
 * @param registeredAt when the run was registered
 * @param changedAt when the run last changed
 * @param elapsed the run's elapsed time, not negative
 * @param progress the run's progress
 * @param stages one entry per stage of the pipeline, in order
 * @param eta the estimate of the time left
 */
public record BatchProcessDetails(
        TrackingId trackingId,
        String pipeline,
        Instant registeredAt,
        Instant changedAt,
        Duration elapsed,
        BatchProcessProgress progress,
        List<StageDetails> stages,
        Eta eta)
        implements RunDetails {

    /**
     * Validates the components and copies the stage list.
     *
     * @param trackingId the run's tracking id
     * @param pipeline the name of the run's pipeline
     * @param registeredAt when the run was registered
     * @param changedAt when the run last changed
     * @param elapsed the run's elapsed time, not negative
     * @param progress the run's progress
     * @param stages one entry per stage of the pipeline, in order
     * @param eta the estimate of the time left
     */
    public BatchProcessDetails {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(eta, "eta");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException(
                    "elapsed time " + elapsed + " of run " + trackingId.echo() + " is negative");
        }
        stages = List.copyOf(stages);
    }

    @Override
    public RunKind kind() {
        return RunKind.BATCH_PROCESS;
    }
}
