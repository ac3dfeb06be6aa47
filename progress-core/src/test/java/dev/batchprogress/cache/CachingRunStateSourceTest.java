package dev.batchprogress.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingRunStateSourceTest {

    private static final VisibilityScope ACME = VisibilityScope.organization("acme");
    private static final VisibilityScope GLOBEX = VisibilityScope.organization("globex");
    private static final TrackingId RUNNING = TrackingId.of("0x" + "01".repeat(32));
    private static final TrackingId FINISHED = TrackingId.of("0x" + "02".repeat(32));
    private static final TrackingId MISSING = TrackingId.of("0x" + "03".repeat(32));
    private static final TrackingId FILE = TrackingId.of("0x" + "0f".repeat(32));

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final CountingSource source = new CountingSource(store);
    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    CachingRunStateSourceTest() {
        store.register(
                RunRegistration.supplyShed(RUNNING, "acme", Pipeline.SUPPLY_SHED, 2)
                        .withFilename(FILE));
        store.register(RunRegistration.supplyShed(FINISHED, "acme", Pipeline.SUPPLY_SHED, 1));
        store.failFacility(FINISHED, 0);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private CachingRunStateSource.Builder builder() {
        return CachingRunStateSource.builder(source).ticker(ticker).executor(Runnable::run);
    }

    @Nested
    class Freshness {

        private final CachingRunStateSource cache = builder().build();

        @Test
        void runInProgress_servedWithinStalenessBoundOnly() {
            cache.load(ACME, List.of(RUNNING));
            ticker.advance(Duration.ofMillis(1999));
            cache.load(ACME, List.of(RUNNING));

            assertThat(source.loads.get()).isEqualTo(1);

            ticker.advance(Duration.ofMillis(2));
            cache.load(ACME, List.of(RUNNING));

            assertThat(source.loads.get()).isEqualTo(2);
        }

        @Test
        void cachedRunInProgress_missesWritesUntilBoundPasses() {
            cache.load(ACME, List.of(RUNNING));
            store.moveFacility(RUNNING, 0, 1);

            assertThat(queued(cache)).isEqualTo(2);

            ticker.advance(Duration.ofSeconds(3));

            assertThat(queued(cache)).isEqualTo(1);
        }

        @Test
        void finishedRun_cachedForAnHourButNotLonger() {
            cache.load(ACME, List.of(FINISHED));
            ticker.advance(Duration.ofMinutes(59));
            cache.load(ACME, List.of(FINISHED));

            assertThat(source.loads.get()).isEqualTo(1);

            ticker.advance(Duration.ofMinutes(2));
            cache.load(ACME, List.of(FINISHED));

            assertThat(source.loads.get()).isEqualTo(2);
        }

        @Test
        void absentRun_cachedNoLongerThanStalenessBound() {
            assertThat(cache.load(ACME, List.of(MISSING))).isEmpty();
            cache.load(ACME, List.of(MISSING));

            assertThat(source.loads.get()).isEqualTo(1);

            ticker.advance(Duration.ofMillis(2001));
            store.register(RunRegistration.supplyShed(MISSING, "acme", Pipeline.SUPPLY_SHED, 1));

            assertThat(cache.load(ACME, List.of(MISSING))).containsKey(MISSING);
        }

        @Test
        void invalidate_makesNextLookupLoad() {
            cache.load(ACME, List.of(RUNNING));
            cache.load(VisibilityScope.all(), List.of(RUNNING));
            cache.findLatestByFilename(ACME, FILE);
            store.moveFacility(RUNNING, 0, 1);

            cache.invalidate("acme", RUNNING, FILE);

            assertThat(queued(cache)).isEqualTo(1);
            assertThat(cache.findLatestByFilename(ACME, FILE)).isPresent();
            assertThat(source.loads.get()).isEqualTo(5);
        }
    }

    private static long queued(RunStateSource source) {
        RunState state = source.load(ACME, List.of(RUNNING)).get(RUNNING);
        return ((dev.batchprogress.model.SupplyShedState) state).queued();
    }

    @Nested
    class Loading {

        @Test
        void manyIds_loadInOneCallAndAccountForEveryId() {
            CachingRunStateSource cache = builder().build();

            Map<TrackingId, RunState> found =
                    cache.load(ACME, List.of(RUNNING, FINISHED, MISSING, RUNNING));

            assertThat(found).containsOnlyKeys(RUNNING, FINISHED);
            assertThat(source.loads.get()).isEqualTo(1);
            assertThat(source.lastIds).containsExactlyInAnyOrder(RUNNING, FINISHED, MISSING);

            cache.load(ACME, List.of(MISSING, FINISHED));

            assertThat(source.loads.get()).isEqualTo(1);
        }

        @Test
        void onlyMisses_areLoaded() {
            CachingRunStateSource cache = builder().build();
            cache.load(ACME, List.of(RUNNING));

            cache.load(ACME, List.of(RUNNING, FINISHED));

            assertThat(source.lastIds).containsExactly(FINISHED);
        }

        @Test
        void concurrentMisses_causeOneLoad() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            source.beforeLoad = () -> await(release);
            CachingRunStateSource cache =
                    CachingRunStateSource.builder(source)
                            .ticker(ticker)
                            .loadTimeout(Duration.ofSeconds(10))
                            .build();
            List<Future<Map<TrackingId, RunState>>> lookups = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                lookups.add(threads.submit(() -> cache.load(ACME, List.of(RUNNING))));
            }
            while (source.started.get() < 1) {
                Thread.onSpinWait();
            }

            release.countDown();

            for (Future<Map<TrackingId, RunState>> lookup : lookups) {
                assertThat(lookup.get(10, TimeUnit.SECONDS)).containsKey(RUNNING);
            }
            assertThat(source.loads.get()).isEqualTo(1);
            cache.close();
        }

        @Test
        void entriesAreBoundedByMaximumSize() {
            CachingRunStateSource cache = builder().maximumSize(3).build();
            List<TrackingId> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(TrackingId.of("id-" + i));
            }

            cache.load(ACME, ids);
            cache.load(ACME, List.of(RUNNING));

            assertThat(cache.estimatedSize()).isLessThanOrEqualTo(3);
        }

        @Test
        void statistics_countHitsAndMisses() {
            CachingRunStateSource cache = builder().build();

            cache.load(ACME, List.of(RUNNING));
            cache.load(ACME, List.of(RUNNING));

            assertThat(cache.stats().hitCount()).isEqualTo(1);
            assertThat(cache.stats().missCount()).isEqualTo(1);
        }
    }

    @Nested
    class Isolation {

        private final CachingRunStateSource cache = builder().build();

        @Test
        void entriesAreKeyedByScope() {
            assertThat(cache.load(ACME, List.of(RUNNING))).containsKey(RUNNING);
            assertThat(cache.load(GLOBEX, List.of(RUNNING))).isEmpty();
            assertThat(source.loads.get()).isEqualTo(2);
            assertThat(source.scopes).containsExactly(ACME, GLOBEX);
        }

        @Test
        void delegateReturningRunOutsideScope_isUnavailableAndNotCached() {
            source.ignoreScope = true;

            assertThatThrownBy(() -> cache.load(GLOBEX, List.of(RUNNING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("outside");

            source.ignoreScope = false;

            assertThat(cache.load(GLOBEX, List.of(RUNNING))).isEmpty();
        }
    }

    @Nested
    class Failures {

        @Test
        void failingLoad_isNotCachedAndRetriedNextTime() {
            CachingRunStateSource cache = builder().build();
            source.failure = () -> new SourceUnavailableException("database down");

            assertThatThrownBy(() -> cache.load(ACME, List.of(RUNNING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessage("database down");

            source.failure = null;

            assertThat(cache.load(ACME, List.of(RUNNING))).containsKey(RUNNING);
            assertThat(source.loads.get()).isEqualTo(2);
        }

        @Test
        void unexpectedException_becomesUnavailable() {
            CachingRunStateSource cache = builder().build();
            source.failure = () -> new IllegalStateException("bug");

            assertThatThrownBy(() -> cache.load(ACME, List.of(RUNNING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasRootCauseMessage("bug");
        }

        @Test
        void cachedValue_isServedWhileDelegateFails() {
            CachingRunStateSource cache = builder().build();
            cache.load(ACME, List.of(RUNNING));
            source.failure = () -> new SourceUnavailableException("database down");
            ticker.advance(Duration.ofSeconds(1));

            assertThat(cache.load(ACME, List.of(RUNNING))).containsKey(RUNNING);
        }

        @Test
        void nullState_isUnavailableAndNotCachedAsAbsent() {
            CachingRunStateSource cache = builder().build();
            source.nullStates = true;

            assertThatThrownBy(() -> cache.load(ACME, List.of(RUNNING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("null in place of the state of " + RUNNING);

            source.nullStates = false;

            assertThat(cache.load(ACME, List.of(RUNNING))).containsKey(RUNNING);
        }

        @Test
        void runNotRequested_isUnavailable() {
            CachingRunStateSource cache = builder().build();
            source.extraRun = FINISHED;

            assertThatThrownBy(() -> cache.load(ACME, List.of(RUNNING, MISSING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("was not requested");
        }

        @Test
        void hangingLoad_timesOutAndIsRetried() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            source.beforeLoad = () -> await(release);
            CachingRunStateSource cache =
                    CachingRunStateSource.builder(source)
                            .ticker(ticker)
                            .loadTimeout(Duration.ofMillis(100))
                            .build();

            assertThatThrownBy(() -> cache.load(ACME, List.of(RUNNING)))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("timed out");

            release.countDown();
            source.beforeLoad = () -> {};

            assertThat(cache.load(ACME, List.of(RUNNING))).containsKey(RUNNING);
            cache.close();
        }
    }

    @Test
    void absentBoundBeyondStalenessBound_isRejected() {
        assertThatThrownBy(
                        () ->
                                builder()
                                        .stalenessBound(Duration.ofSeconds(2))
                                        .absentBound(Duration.ofSeconds(3))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absent bound");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A ticker that tests move by hand. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong();

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public long read() {
            return nanos.get();
        }
    }

    /** A source that delegates to a store, counts its loads and can fail or block on demand. */
    static final class CountingSource implements RunStateSource {
        private final RunStateSource delegate;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final List<VisibilityScope> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile List<TrackingId> lastIds = List.of();
        volatile Runnable beforeLoad = () -> {};
        volatile Supplier<RuntimeException> failure;
        volatile boolean ignoreScope;
        volatile boolean nullStates;
        volatile TrackingId extraRun;

        CountingSource(RunStateSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            started.incrementAndGet();
            beforeLoad.run();
            loads.incrementAndGet();
            scopes.add(scope);
            lastIds = List.copyOf(trackingIds);
            Supplier<RuntimeException> currentFailure = failure;
            if (currentFailure != null) {
                throw currentFailure.get();
            }
            if (nullStates) {
                Map<TrackingId, RunState> nulls = new java.util.HashMap<>();
                trackingIds.forEach(trackingId -> nulls.put(trackingId, null));
                return nulls;
            }
            Map<TrackingId, RunState> found =
                    delegate.load(ignoreScope ? VisibilityScope.all() : scope, trackingIds);
            TrackingId extra = extraRun;
            if (extra != null) {
                found = new java.util.HashMap<>(found);
                found.putAll(delegate.load(scope, List.of(extra)));
            }
            return found;
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            loads.incrementAndGet();
            return delegate.findLatestByFilename(scope, filename);
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            return delegate.list(scope, limit);
        }
    }
}
