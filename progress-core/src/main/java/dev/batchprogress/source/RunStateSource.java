package dev.batchprogress.source;

import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where run state is read from: the embedded engine, a database, or a cache in front of either.
 *
 * <p>Every method is asked within a {@link VisibilityScope} and never returns a run outside it, so
 * a run of another organization is indistinguishable from one that does not exist. A run that does
 * not exist is <em>absent</em> (left out of a result); a source that cannot be read is
 * <em>unavailable</em> and throws {@link SourceUnavailableException}. Implementations are
 * thread-safe.
 */
public interface RunStateSource {

    /**
     * Loads the runs with the given tracking ids, in one call however many ids there are.
     *
     * @param scope the runs the caller may see
     * @param trackingIds the ids to load; duplicates are allowed
     * @return a snapshot per id that names a visible run, keyed by that id; absent ids are left out
     * @throws SourceUnavailableException if the source cannot be read now
     */
    Map<TrackingId, RunState> load(VisibilityScope scope, Collection<TrackingId> trackingIds);

    /**
     * Finds the most recently registered visible run submitted with a file of the given content
     * hash.
     *
     * @param scope the runs the caller may see
     * @param filename the content hash, a canonical id
     * @return the run's snapshot, or empty when no visible run was submitted with that file
     * @throws SourceUnavailableException if the source cannot be read now
     */
    Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename);

    /**
     * Lists the visible runs, newest registration first.
     *
     * @param scope the runs the caller may see
     * @param limit the maximum number of runs to return, at least 1
     * @return at most {@code limit} snapshots
     * @throws SourceUnavailableException if the source cannot be read now
     */
    List<RunState> list(VisibilityScope scope, int limit);
}
