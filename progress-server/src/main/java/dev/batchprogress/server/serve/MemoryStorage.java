package dev.batchprogress.server.serve;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.source.RunStateSource;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Set;

/** Run state in an {@link InMemoryRunStore}: it starts empty and is lost when the server stops. */
final class MemoryStorage implements RunStorage {

    private final InMemoryRunStore store;

    /**
     * Creates an empty store.
     *
     * @param clock the clock that stamps recorded events, such as the replay's simulated clock
     */
    MemoryStorage(InstantSource clock) {
        this.store = InMemoryRunStore.withClock(clock);
    }

    @Override
    public RunRecorder recorder() {
        return store;
    }

    @Override
    public RunStateSource source() {
        return store;
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
