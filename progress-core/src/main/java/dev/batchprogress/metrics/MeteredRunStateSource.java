package dev.batchprogress.metrics;

import dev.batchprogress.metrics.SourceMetrics.Operation;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run-state source that times every call to another one and reports it to {@link SourceMetrics}.
 * Results and exceptions pass through unchanged. Put it between a cache and the slow source behind
 * it to measure the loads the cache misses.
 */
public final class MeteredRunStateSource implements RunStateSource {

    private final RunStateSource delegate;
    private final SourceMetrics metrics;

    private MeteredRunStateSource(RunStateSource delegate, SourceMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Returns a source that times the calls to another one.
     *
     * @param delegate the source that answers
     * @param metrics what receives each call's duration and outcome
     * @return the timed source
     */
    public static MeteredRunStateSource wrap(RunStateSource delegate, SourceMetrics metrics) {
        return new MeteredRunStateSource(delegate, metrics);
    }

    @Override
    public Map<TrackingId, RunState> load(
            VisibilityScope scope, Collection<TrackingId> trackingIds) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            Map<TrackingId, RunState> found = delegate.load(scope, trackingIds);
            succeeded = true;
            return found;
        } finally {
            metrics.sourceCalled(Operation.LOAD, System.nanoTime() - start, succeeded);
        }
    }

    @Override
    public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            Optional<RunState> found = delegate.findLatestByFilename(scope, filename);
            succeeded = true;
            return found;
        } finally {
            metrics.sourceCalled(
                    Operation.FIND_LATEST_BY_FILENAME, System.nanoTime() - start, succeeded);
        }
    }

    @Override
    public List<RunState> list(VisibilityScope scope, int limit) {
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            List<RunState> listed = delegate.list(scope, limit);
            succeeded = true;
            return listed;
        } finally {
            metrics.sourceCalled(Operation.LIST, System.nanoTime() - start, succeeded);
        }
    }
}
