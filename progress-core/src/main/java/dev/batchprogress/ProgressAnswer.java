package dev.batchprogress;

import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import java.util.List;
import java.util.Objects;

/**
 * A progress answer with the snapshots it was computed from.
 *
 * @param progress the answer, in the shape the query asked for
 * @param runs the distinct runs the answer covers, in order of first appearance; empty for a dummy
 *     answer
 */
public record ProgressAnswer(Progress progress, List<RunState> runs) {

    /**
     * Validates the components and copies the run list.
     *
     * @param progress the answer
     * @param runs the distinct runs the answer covers
     */
    public ProgressAnswer {
        Objects.requireNonNull(progress, "progress");
        runs = List.copyOf(runs);
    }
}
