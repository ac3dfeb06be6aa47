package dev.batchprogress.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a progress query that the cache serves, against the same lookup in a bare Caffeine
 * cache.
 *
 * <p>Both caches hold the snapshot of one finished run of 1,000 facilities, loaded before
 * measuring, and have the same configuration: {@link CachingRunStateSource}'s defaults of at most
 * 100,000 entries, statistics on, and variable expiry of 1 hour for finished runs and 2 s for the
 * others. {@link #cachingSourceHit} calls {@link CachingRunStateSource#load}, which looks the key
 * up in an {@code AsyncLoadingCache}; {@link #bareCaffeineHit} calls {@link Cache#getIfPresent} on
 * a synchronous cache. Both build a key of (visibility scope, tracking id) per call and then make
 * the same {@link ProgressCalculator} call. {@link #calculatorOnly} is the baseline: the
 * calculation alone, which both include. {@link #trackerQuery} is the whole in-process query
 * through {@link ProgressTracker}, which adds the parameter rules and the checks of what the source
 * returned. Expected: the caching source within 1.5 times the bare cache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

    private static final long SEED = 20_240_602L;
    private static final int FACILITIES = 1000;
    private static final long MAXIMUM_SIZE = 100_000;
    private static final Duration STALENESS_BOUND = Duration.ofSeconds(2);
    private static final Duration FINISHED_RUN_BOUND = Duration.ofHours(1);

    private final VisibilityScope scope = SupplyShedFixture.CALLER.scope();
    private final TrackingId run = SupplyShedFixture.trackingId(1);
    private final List<TrackingId> runs = List.of(run);
    private final ProgressQuery query = ProgressQuery.ofTrackingId(run.value());
    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final CachingRunStateSource cachingSource =
            CachingRunStateSource.builder(store)
                    .maximumSize(MAXIMUM_SIZE)
                    .stalenessBound(STALENESS_BOUND)
                    .finishedRunBound(FINISHED_RUN_BOUND)
                    .build();
    private final Cache<ScopedKey, RunState> bareCache =
            Caffeine.newBuilder()
                    .maximumSize(MAXIMUM_SIZE)
                    .expireAfter(new SameExpiry())
                    .recordStats()
                    .build();
    private final ProgressTracker tracker = ProgressTracker.create(cachingSource);
    private RunState state;

    /** A key of the bare cache, built like the caching source's own. */
    private record ScopedKey(VisibilityScope scope, TrackingId id) {}

    /** The caching source's expiry: finished runs for the long bound, the others for the short. */
    private static final class SameExpiry implements Expiry<ScopedKey, RunState> {

        @Override
        public long expireAfterCreate(ScopedKey key, RunState value, long currentTime) {
            return (value.finished() ? FINISHED_RUN_BOUND : STALENESS_BOUND).toNanos();
        }

        @Override
        public long expireAfterUpdate(
                ScopedKey key, RunState value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(
                ScopedKey key, RunState value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    @Setup(Level.Trial)
    public void warmCaches() {
        SupplyShedFixture.register(store, 1, FACILITIES);
        SupplyShedFixture.drive(store, run, SupplyShedFixture.finishedStates(FACILITIES, SEED));
        state = Objects.requireNonNull(store.load(scope, runs).get(run));
        cachingSource.load(scope, runs);
        bareCache.put(new ScopedKey(scope, run), state);

        Progress expected = calculatorOnly();
        for (Progress answer : List.of(cachingSourceHit(), bareCaffeineHit(), trackerQuery())) {
            if (!answer.equals(expected)) {
                throw new IllegalStateException("a cache returned " + answer + ", not " + expected);
            }
        }
        if (cachingSource.stats().loadCount() != 1) {
            throw new IllegalStateException(
                    "the caching source loaded " + cachingSource.stats().loadCount() + " times");
        }
    }

    @TearDown(Level.Trial)
    public void closeSource() {
        cachingSource.close();
    }

    /** Looks the run up in the caching source and computes its progress (ours). */
    @Benchmark
    public Progress cachingSourceHit() {
        RunState cached = cachingSource.load(scope, runs).get(run);
        return ProgressCalculator.progress(Objects.requireNonNull(cached));
    }

    /** Looks the run up in a bare Caffeine cache and computes its progress (the alternative). */
    @Benchmark
    public Progress bareCaffeineHit() {
        RunState cached = bareCache.getIfPresent(new ScopedKey(scope, run));
        return ProgressCalculator.progress(Objects.requireNonNull(cached));
    }

    /** Computes the progress of a held snapshot, which both lookups include (the baseline). */
    @Benchmark
    public Progress calculatorOnly() {
        return ProgressCalculator.progress(state);
    }

    /** Runs the whole in-process query over the caching source, parameter rules included. */
    @Benchmark
    public Progress trackerQuery() {
        return tracker.progress(SupplyShedFixture.CALLER, query);
    }
}
