package dev.batchprogress.cache;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunChangeListener;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A run-state source that reads from a Caffeine cache in front of a slower one, such as a database.
 *
 * <p>Entries are keyed by (visibility scope, id), so an entry loaded for one organization never
 * serves another, and the cache holds run state, never an access decision. A run in progress is
 * served from the cache for at most the staleness bound (default 2 s); a finished run (complete,
 * failed or skipped) for a long but finite time (default 1 hour); the absence of a run for at most
 * the absent bound, which cannot exceed the staleness bound. Concurrent misses for one key cause
 * one load, and the misses of one request are loaded in one call to the delegate. The cache holds
 * at most {@code maximumSize} entries (default 100,000) and records statistics.
 *
 * <p>A load that fails, takes longer than the load timeout (default 1 s), returns null, or returns
 * a run it was not asked for or one outside the scope makes the lookup throw {@link
 * SourceUnavailableException}; it is never cached, so the next lookup loads again. Entries loaded
 * before keep being served within their bounds while the delegate is down.
 *
 * <p>Note that a cached answer may be up to the staleness bound old; a recorder in the same process
 * can {@linkplain #invalidate(String, TrackingId, TrackingId) invalidate} a run it wrote to restore
 * read-your-writes.
 */
public final class CachingRunStateSource
        implements RunStateSource, RunChangeListener, AutoCloseable {

    private final RunStateSource delegate;
    private final AsyncLoadingCache<CacheKey, CachedLookup> cache;
    private final StatsCounter statsCounter = new ConcurrentStatsCounter();
    private final Duration loadTimeout;
    private final @Nullable ExecutorService ownedExecutor;

    private CachingRunStateSource(Builder builder, Duration absentBound) {
        this.delegate = builder.delegate;
        this.loadTimeout = builder.loadTimeout;
        Executor executor;
        if (builder.executor == null) {
            ownedExecutor = newLoadExecutor(builder.loadThreads);
            executor = ownedExecutor;
        } else {
            ownedExecutor = null;
            executor = builder.executor;
        }
        cache =
                Caffeine.newBuilder()
                        .maximumSize(builder.maximumSize)
                        .expireAfter(
                                new LookupExpiry(
                                        builder.stalenessBound,
                                        builder.finishedRunBound,
                                        absentBound))
                        .ticker(builder.ticker)
                        .executor(executor)
                        .recordStats(() -> statsCounter)
                        .buildAsync(new Loader(delegate, loadTimeout));
    }

    /**
     * Returns a builder for a cache in front of a source.
     *
     * @param delegate the slower source that loads what the cache misses
     * @return the builder, with the defaults described on this class
     */
    public static Builder builder(RunStateSource delegate) {
        return new Builder(delegate);
    }

    @Override
    public Map<TrackingId, RunState> load(
            VisibilityScope scope, Collection<TrackingId> trackingIds) {
        Objects.requireNonNull(scope, "scope");
        if (trackingIds.size() == 1) {
            return loadOne(scope, trackingIds.iterator().next());
        }
        Set<CacheKey> keys = new LinkedHashSet<>();
        for (TrackingId trackingId : trackingIds) {
            keys.add(CacheKey.run(scope, trackingId));
        }
        Map<CacheKey, CachedLookup> lookups = await(cache.getAll(keys), keys);
        Map<TrackingId, RunState> found = new LinkedHashMap<>();
        for (CacheKey key : keys) {
            CachedLookup lookup = lookups.get(key);
            if (lookup != null && lookup.state() != null) {
                found.put(key.id(), lookup.state());
            }
        }
        return found;
    }

    /**
     * Looks up one id, the query of a single run. A loaded entry is returned at once: {@code
     * getAll} would allocate a map and compose futures even on a hit, which made a hit cost three
     * times a bare {@code Cache.getIfPresent}. Everything else takes the {@code getAll} path of
     * many ids.
     */
    private Map<TrackingId, RunState> loadOne(VisibilityScope scope, TrackingId trackingId) {
        CacheKey key = CacheKey.run(scope, trackingId);
        CachedLookup lookup = loadedLookup(key);
        if (lookup == null) {
            Set<CacheKey> keys = Set.of(key);
            lookup = await(cache.getAll(keys), keys).get(key);
        }
        RunState state = lookup == null ? null : lookup.state();
        return state == null ? Map.of() : Map.of(trackingId, state);
    }

    /**
     * Returns the lookup of a key whose load completed successfully and has not expired, and counts
     * it as a hit. Returns null, counting nothing, for a key that is missing, expired, still
     * loading or failed; the caller's {@code getAll} then counts the hit or miss, so every lookup
     * counts once.
     */
    private @Nullable CachedLookup loadedLookup(CacheKey key) {
        // The map view reads like getIfPresent, expiry and eviction order included, without
        // recording statistics.
        CompletableFuture<CachedLookup> future = cache.asMap().get(key);
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        CachedLookup lookup = future.getNow(null);
        if (lookup != null) {
            statsCounter.recordHits(1);
        }
        return lookup;
    }

    @Override
    public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        CacheKey key = CacheKey.filename(Objects.requireNonNull(scope, "scope"), filename);
        Map<CacheKey, CachedLookup> lookups = await(cache.getAll(Set.of(key)), Set.of(key));
        CachedLookup lookup = lookups.get(key);
        return Optional.ofNullable(lookup == null ? null : lookup.state());
    }

    /** Lists the visible runs straight from the delegate; listings are not cached. */
    @Override
    public List<RunState> list(VisibilityScope scope, int limit) {
        return delegate.list(scope, limit);
    }

    /**
     * Drops every cached lookup that a write to a run may have changed: the run in its
     * organization's scope and in the all-organizations scope, and the lookups by its file.
     *
     * @param organization the run's organization
     * @param trackingId the run's tracking id
     * @param filename the content hash of the run's file, or {@code null}
     */
    public void invalidate(
            String organization, TrackingId trackingId, @Nullable TrackingId filename) {
        List<CacheKey> keys = new ArrayList<>(4);
        for (VisibilityScope scope :
                List.of(VisibilityScope.organization(organization), VisibilityScope.all())) {
            keys.add(CacheKey.run(scope, trackingId));
            if (filename != null) {
                keys.add(CacheKey.filename(scope, filename));
            }
        }
        cache.synchronous().invalidateAll(keys);
    }

    /** Invalidates the run's cached lookups; see {@link #invalidate}. */
    @Override
    public void runChanged(
            String organization, TrackingId trackingId, @Nullable TrackingId filename) {
        invalidate(organization, trackingId, filename);
    }

    /** Returns the cache's statistics: hits, misses, loads, load failures and evictions. */
    public CacheStats stats() {
        return cache.synchronous().stats();
    }

    /** Returns the approximate number of cached lookups. */
    public long estimatedSize() {
        return cache.synchronous().estimatedSize();
    }

    /** Stops the load threads this source started, if it started any. */
    @Override
    public void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    private Map<CacheKey, CachedLookup> await(
            CompletableFuture<Map<CacheKey, CachedLookup>> future, Set<CacheKey> keys) {
        try {
            // The loader's own timeout removes a hung load from the cache; this one bounds the
            // wait of requests that joined a load already in flight.
            return future.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SourceUnavailableException(
                    "run-state source timed out after "
                            + loadTimeout.toMillis()
                            + " ms for "
                            + describe(keys),
                    e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause(), keys);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while loading " + describe(keys), e);
        }
    }

    private static SourceUnavailableException unavailable(
            @Nullable Throwable cause, Set<CacheKey> keys) {
        Throwable unwrapped =
                cause instanceof CompletionException && cause.getCause() != null
                        ? cause.getCause()
                        : cause;
        if (unwrapped instanceof SourceUnavailableException unavailable) {
            return unavailable;
        }
        if (unwrapped instanceof TimeoutException) {
            return new SourceUnavailableException(
                    "run-state source timed out for " + describe(keys), unwrapped);
        }
        return new SourceUnavailableException(
                "run-state source failed for " + describe(keys),
                unwrapped == null
                        ? new IllegalStateException("load failed without a cause")
                        : unwrapped);
    }

    private static String describe(Collection<CacheKey> keys) {
        return describeIds(keys.stream().map(CacheKey::id).toList());
    }

    private static String describeIds(Collection<TrackingId> trackingIds) {
        return trackingIds.stream().limit(10).map(TrackingId::echo).toList().toString();
    }

    private static ExecutorService newLoadExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory =
                runnable -> {
                    Thread thread =
                            new Thread(runnable, "batch-progress-load-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                };
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Loads the misses of one request with one call to the delegate per scope. */
    private static final class Loader implements AsyncCacheLoader<CacheKey, CachedLookup> {
        private final RunStateSource delegate;
        private final Duration timeout;

        Loader(RunStateSource delegate, Duration timeout) {
            this.delegate = delegate;
            this.timeout = timeout;
        }

        @Override
        public CompletableFuture<? extends CachedLookup> asyncLoad(
                CacheKey key, Executor executor) {
            return CompletableFuture.supplyAsync(() -> loadNow(Set.of(key)).get(key), executor)
                    .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public CompletableFuture<? extends Map<? extends CacheKey, ? extends CachedLookup>>
                asyncLoadAll(Set<? extends CacheKey> keys, Executor executor) {
            Set<CacheKey> copy = Set.copyOf(keys);
            return CompletableFuture.supplyAsync(() -> loadNow(copy), executor)
                    .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /**
         * Returns a lookup for every key, absent ones included, or throws if the delegate fails.
         */
        private Map<CacheKey, CachedLookup> loadNow(Set<CacheKey> keys) {
            Map<VisibilityScope, List<TrackingId>> idsByScope = new LinkedHashMap<>();
            Map<CacheKey, CachedLookup> loaded = new HashMap<>();
            for (CacheKey key : keys) {
                if (key.byFilename()) {
                    Optional<RunState> latest =
                            delegate.findLatestByFilename(key.scope(), key.id());
                    if (latest == null) {
                        throw new SourceUnavailableException(
                                "run-state source returned null for file " + key.id().echo());
                    }
                    RunState state = latest.orElse(null);
                    checkFilename(key, state);
                    loaded.put(key, state == null ? CachedLookup.ABSENT : new CachedLookup(state));
                } else {
                    idsByScope
                            .computeIfAbsent(key.scope(), scope -> new ArrayList<>())
                            .add(key.id());
                }
            }
            for (Map.Entry<VisibilityScope, List<TrackingId>> entry : idsByScope.entrySet()) {
                VisibilityScope scope = entry.getKey();
                Map<TrackingId, RunState> found = delegate.load(scope, entry.getValue());
                checkAnswer(scope, entry.getValue(), found);
                for (TrackingId trackingId : entry.getValue()) {
                    RunState state = found.get(trackingId);
                    CacheKey key = CacheKey.run(scope, trackingId);
                    checkRun(key, state);
                    loaded.put(key, state == null ? CachedLookup.ABSENT : new CachedLookup(state));
                }
            }
            return loaded;
        }

        /**
         * Checks that the delegate returned a map whose keys were all requested, each with a state.
         * A null state would otherwise be cached as an absent run, and served as one after the
         * delegate recovered.
         */
        private static void checkAnswer(
                VisibilityScope scope,
                List<TrackingId> requested,
                @Nullable Map<TrackingId, @Nullable RunState> found) {
            if (found == null) {
                throw new SourceUnavailableException(
                        "run-state source returned null for " + describeIds(requested));
            }
            Set<TrackingId> asked = new HashSet<>(requested);
            for (Map.Entry<TrackingId, @Nullable RunState> entry : found.entrySet()) {
                if (!asked.contains(entry.getKey())) {
                    throw new SourceUnavailableException(
                            "run-state source returned run "
                                    + entry.getKey().echo()
                                    + ", which was not requested, in "
                                    + scope
                                    + " for "
                                    + describeIds(requested));
                }
                if (entry.getValue() == null) {
                    throw new SourceUnavailableException(
                            "run-state source returned null in place of the state of "
                                    + entry.getKey().echo()
                                    + " in "
                                    + scope);
                }
            }
        }

        private static void checkRun(CacheKey key, @Nullable RunState state) {
            if (state != null
                    && (!state.trackingId().equals(key.id())
                            || !key.scope().includes(state.organization()))) {
                throw new SourceUnavailableException(
                        "run-state source returned run "
                                + state.trackingId().echo()
                                + " of another id or outside "
                                + key.scope()
                                + " for "
                                + key.id().echo());
            }
        }

        private static void checkFilename(CacheKey key, @Nullable RunState state) {
            if (state != null
                    && (!state.filename().map(key.id()::equals).orElse(false)
                            || !key.scope().includes(state.organization()))) {
                throw new SourceUnavailableException(
                        "run-state source returned run "
                                + state.trackingId().echo()
                                + " of another file or outside "
                                + key.scope()
                                + " for file "
                                + key.id().echo());
            }
        }
    }

    /**
     * Expires each lookup by what it found: finished runs late, running ones and absences early.
     */
    private static final class LookupExpiry implements Expiry<CacheKey, CachedLookup> {
        private final long stalenessNanos;
        private final long finishedNanos;
        private final long absentNanos;

        LookupExpiry(Duration staleness, Duration finished, Duration absent) {
            this.stalenessNanos = staleness.toNanos();
            this.finishedNanos = finished.toNanos();
            this.absentNanos = absent.toNanos();
        }

        private long lifetime(CachedLookup lookup) {
            RunState state = lookup.state();
            if (state == null) {
                return absentNanos;
            }
            return state.finished() ? finishedNanos : stalenessNanos;
        }

        @Override
        public long expireAfterCreate(CacheKey key, CachedLookup lookup, long currentTime) {
            return lifetime(lookup);
        }

        @Override
        public long expireAfterUpdate(
                CacheKey key, CachedLookup lookup, long currentTime, long currentDuration) {
            return lifetime(lookup);
        }

        @Override
        public long expireAfterRead(
                CacheKey key, CachedLookup lookup, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Settings of a {@link CachingRunStateSource}. */
    public static final class Builder {
        private final RunStateSource delegate;
        private Duration stalenessBound = Duration.ofSeconds(2);
        private Duration finishedRunBound = Duration.ofHours(1);
        private @Nullable Duration absentBound;
        private Duration loadTimeout = Duration.ofSeconds(1);
        private long maximumSize = 100_000;
        private Ticker ticker = Ticker.systemTicker();
        private @Nullable Executor executor;
        private int loadThreads = 8;

        private Builder(RunStateSource delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /**
         * Sets how long a run in progress may be served from the cache.
         *
         * @param bound a positive duration; default 2 s
         * @return this builder
         */
        public Builder stalenessBound(Duration bound) {
            this.stalenessBound = positive(bound, "staleness bound");
            return this;
        }

        /**
         * Sets how long a finished run (complete, failed or skipped) may be served from the cache.
         *
         * @param bound a positive duration; default 1 hour
         * @return this builder
         */
        public Builder finishedRunBound(Duration bound) {
            this.finishedRunBound = positive(bound, "finished-run bound");
            return this;
        }

        /**
         * Sets how long the absence of a run may be served from the cache.
         *
         * @param bound a positive duration, at most the staleness bound; default the staleness
         *     bound
         * @return this builder
         */
        public Builder absentBound(Duration bound) {
            this.absentBound = positive(bound, "absent bound");
            return this;
        }

        /**
         * Sets how long a load may take before the lookup reports the source unavailable.
         *
         * @param timeout a positive duration; default 1 s
         * @return this builder
         */
        public Builder loadTimeout(Duration timeout) {
            this.loadTimeout = positive(timeout, "load timeout");
            return this;
        }

        /**
         * Sets the maximum number of cached lookups.
         *
         * @param size at least 1; default 100,000
         * @return this builder
         */
        public Builder maximumSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException(
                        "maximum size " + size + " is invalid; expected at least 1");
            }
            this.maximumSize = size;
            return this;
        }

        /**
         * Sets the time source of expiry; tests pass a fake one.
         *
         * @param ticker the ticker; default the system ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets the executor that runs loads, instead of the source's own daemon threads.
         *
         * @param executor the executor; the source does not shut it down
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets how many threads of the source's own executor may load at once.
         *
         * @param threads at least 1; default 8
         * @return this builder
         */
        public Builder loadThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException(
                        "load thread count " + threads + " is invalid; expected at least 1");
            }
            this.loadThreads = threads;
            return this;
        }

        /**
         * Builds the caching source.
         *
         * @return the source
         * @throws IllegalArgumentException if the absent bound exceeds the staleness bound
         */
        public CachingRunStateSource build() {
            Duration absent = absentBound == null ? stalenessBound : absentBound;
            if (absent.compareTo(stalenessBound) > 0) {
                throw new IllegalArgumentException(
                        "absent bound "
                                + absent
                                + " exceeds the staleness bound "
                                + stalenessBound
                                + "; expected at most the staleness bound");
            }
            return new CachingRunStateSource(this, absent);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        name + " " + duration + " is invalid; expected a positive duration");
            }
            return duration;
        }
    }
}
