package dev.batchprogress.server.serve;

import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.source.RunStateSource;
import java.util.Collection;
import java.util.Set;

/**
 * The store of the served run state: a recorder that the replay writes to and a source that the
 * tracker reads from, over the same runs.
 */
interface RunStorage extends AutoCloseable {

    /** Returns the recorder that the replay writes to. */
    RunRecorder recorder();

    /** Returns the source that queries read from. */
    RunStateSource source();

    /**
     * Returns which of the given runs the storage already holds as finished (complete, failed or
     * skipped), in any organization, read past any cache.
     *
     * @param trackingIds the runs to look for
     * @return the ids of the finished runs found
     * @throws dev.batchprogress.source.SourceUnavailableException if the storage cannot be read
     */
    Set<TrackingId> finishedRuns(Collection<TrackingId> trackingIds);

    /** Returns where the state lives, for logs, such as {@code memory}; never a password. */
    String description();

    /** Releases what the storage holds open, such as a connection pool. */
    @Override
    void close();
}
