package dev.batchprogress.cache;

import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;

/**
 * The key of one cached lookup: a run by its tracking id, or the latest run submitted with a file,
 * always within a visibility scope so that what one organization may see never answers another.
 *
 * @param scope the runs the lookup may see
 * @param id a tracking id, or a file's content hash when {@code byFilename}
 * @param byFilename whether this is a lookup by the submitted file's content hash
 */
record CacheKey(VisibilityScope scope, TrackingId id, boolean byFilename) {

    static CacheKey run(VisibilityScope scope, TrackingId trackingId) {
        return new CacheKey(scope, trackingId, false);
    }

    static CacheKey filename(VisibilityScope scope, TrackingId filename) {
        return new CacheKey(scope, filename, true);
    }
}
