package dev.batchprogress.details;

import dev.batchprogress.model.Progress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The breakdown of a progress query: the answer {@code /batch_progress} gives, and one breakdown
 * per run it covers.
 *
 * @param asOf the time the breakdown was computed at, by the tracker's clock
 * @param progress the same answer as {@link dev.batchprogress.ProgressTracker#progress} for the
 *     query: the combined supply shed progress for several tracking ids
 * @param runs one breakdown per distinct run, in order of first appearance in the query; empty for
 *     a dummy answer
 */
public record ProgressDetails(Instant asOf, Progress progress, List<RunDetails> runs) {

    /**
     * Validates the components and copies the run list.
     *
     * @param asOf the time the breakdown was computed at, by the tracker's clock
     * @param progress the same answer as {@link dev.batchprogress.ProgressTracker#progress} for the
     *     query: the combined supply shed progress for several tracking ids
     * @param runs one breakdown per distinct run, in order of first appearance in the query; empty
     *     for a dummy answer
     */
    public ProgressDetails {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(progress, "progress");
        runs = List.copyOf(runs);
    }
}
