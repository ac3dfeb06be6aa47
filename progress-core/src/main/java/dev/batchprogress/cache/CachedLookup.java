package dev.batchprogress.cache;

import dev.batchprogress.model.RunState;
import org.jspecify.annotations.Nullable;

/**
 * The cached result of one lookup: a run's snapshot, or the fact that no visible run matched.
 *
 * @param state the snapshot, or {@code null} when the lookup found nothing
 */
record CachedLookup(@Nullable RunState state) {

    static final CachedLookup ABSENT = new CachedLookup(null);
}
