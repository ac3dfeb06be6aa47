package dev.batchprogress.server.replay;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import java.util.Objects;

/**
 * One run that a replay records: which file it replays and under which ids.
 *
 * @param trackingId the run's tracking id, a canonical id derived from the filename and the seed
 * @param filename the content hash of the replayed file, a canonical id
 * @param kind the run's kind: a batch process for a trace, a supply shed for a facility list
 * @param inputName the name of the replayed file, such as {@code Russia.csv}
 * @param description the run's size for people, such as {@code 4 stages, 164 tasks}
 */
public record ReplayRun(
        TrackingId trackingId,
        TrackingId filename,
        RunKind kind,
        String inputName,
        String description) {

    /** Validates the components. */
    public ReplayRun {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(description, "description");
    }
}
