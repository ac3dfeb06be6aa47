package dev.batchprogress.servlet;

import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Run-state sources for tests: one that is down, and one that counts the calls it delegates. */
final class Sources {

    private Sources() {}

    /** Returns a source that throws {@link SourceUnavailableException} on every call. */
    static RunStateSource unavailable() {
        return new RunStateSource() {
            @Override
            public Map<TrackingId, RunState> load(
                    VisibilityScope scope, Collection<TrackingId> trackingIds) {
                throw new SourceUnavailableException("database at 127.0.0.1:5432 is down");
            }

            @Override
            public Optional<RunState> findLatestByFilename(
                    VisibilityScope scope, TrackingId filename) {
                throw new SourceUnavailableException("database at 127.0.0.1:5432 is down");
            }

            @Override
            public List<RunState> list(VisibilityScope scope, int limit) {
                throw new SourceUnavailableException("database at 127.0.0.1:5432 is down");
            }
        };
    }

    /** A source that delegates every call and counts the calls. */
    static final class Counting implements RunStateSource {

        private final RunStateSource delegate;
        private final AtomicInteger calls = new AtomicInteger();

        Counting(RunStateSource delegate) {
            this.delegate = delegate;
        }

        int calls() {
            return calls.get();
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            calls.incrementAndGet();
            return delegate.load(scope, trackingIds);
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            calls.incrementAndGet();
            return delegate.findLatestByFilename(scope, filename);
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            calls.incrementAndGet();
            return delegate.list(scope, limit);
        }
    }
}
