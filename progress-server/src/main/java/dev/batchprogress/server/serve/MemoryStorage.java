package dev.batchprogress.server.serve;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.metrics.MeteredRunRecorder;
import dev.batchprogress.metrics.MeteredRunStateSource;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.servlet.micrometer.MicrometerMetrics;
import dev.batchprogress.source.RunStateSource;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Set;

/** Run state in an {@link InMemoryRunStore}: it starts empty and is lost when the server stops. */
final class MemoryStorage implements RunStorage {

    private final RunRecorder recorder;
    private final RunStateSource source;

    /**
     * Creates an empty store.
     *
     * @param clock the clock that stamps recorded events, such as the replay's simulated clock
     * @param metrics what receives the store's event outcomes and snapshot times
     */
    MemoryStorage(InstantSource clock, MicrometerMetrics metrics) {
        InMemoryRunStore store = InMemoryRunStore.withClock(clock);
        this.recorder = MeteredRunRecorder.wrap(store, metrics);
        this.source = MeteredRunStateSource.wrap(store, metrics);
    }

    @Override
    public RunRecorder recorder() {
        return recorder;
    }

    @Override
    public RunStateSource source() {
        return source;
    }

    /** Returns no run: the store starts empty with every server. */
    @Override
    public Set<TrackingId> finishedRuns(Collection<TrackingId> trackingIds) {
        return Set.of();
    }

    @Override
    public String description() {
        return "memory";
    }

    @Override
    public void close() {}
}
