package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.QueryParameter;
import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.source.RunStateSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sources that throw, hang or return garbage, behind the servlet on Jetty: every query shape gets
 * 503 with {@code Retry-After: 2} and the contract's detail, the next request after the source
 * recovers gets the right answer, a bad answer is never served from the cache later, and a hanging
 * source leaves no thread behind.
 */
class FailingSourcesOverHttpTest {

    private static final String RUN = id(1);
    private static final String FILE = id(2);
    private static final String SHED_A = id(3);
    private static final String SHED_B = id(4);
    private static final String OTHER_RUN = id(5);
    private static final String GLOBEX_RUN = id(6);
    private static final String UNAVAILABLE =
            "{\"detail\":\"Run state is temporarily unavailable\"}";

    /** The query shapes that read the source, as query strings. */
    private static final List<String> SHAPES =
            List.of(
                    "tracking_id=" + RUN,
                    "tracking_ids=" + SHED_A + "&tracking_ids=" + SHED_B,
                    "filename=" + FILE);

    /** The faults that make a call fail or break the source contract at once. */
    private static final List<FaultySource.Fault> IMMEDIATE_FAULTS =
            List.of(
                    FaultySource.Fault.THROWS_SOURCE_UNAVAILABLE,
                    FaultySource.Fault.THROWS_ILLEGAL_STATE,
                    FaultySource.Fault.THROWS_NULL_POINTER,
                    FaultySource.Fault.THROWS_UNCHECKED_IO,
                    FaultySource.Fault.RETURNS_NULL,
                    FaultySource.Fault.RETURNS_NULL_STATES,
                    FaultySource.Fault.RETURNS_OTHER_RUN,
                    FaultySource.Fault.RETURNS_UNASKED_RUN);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private FaultySource source;

    static Stream<Arguments> faultsAndShapes() {
        return IMMEDIATE_FAULTS.stream()
                .flatMap(fault -> SHAPES.stream().map(shape -> Arguments.of(fault, shape)));
    }

    @BeforeEach
    void recordRuns() {
        store.register(
                RunRegistration.batchProcess(
                                TrackingId.of(RUN), Fixtures.ACME, Pipeline.BATCH_PROCESS)
                        .withFilename(TrackingId.of(FILE)));
        store.startStage(TrackingId.of(RUN), 1);
        store.addTasks(TrackingId.of(RUN), 1, 0, 8);
        for (int task = 0; task < 3; task++) {
            store.recordTaskOutcome(TrackingId.of(RUN), 1, task, TaskOutcome.SUCCEEDED);
        }
        for (String shed : List.of(SHED_A, SHED_B)) {
            store.register(
                    RunRegistration.supplyShed(
                            TrackingId.of(shed), Fixtures.ACME, Pipeline.SUPPLY_SHED, 10));
            store.moveFacility(TrackingId.of(shed), 0, 2);
            store.markUngeocoded(TrackingId.of(shed), 1);
        }
        store.register(
                RunRegistration.batchProcess(
                        TrackingId.of(OTHER_RUN), Fixtures.ACME, Pipeline.BATCH_PROCESS));
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(GLOBEX_RUN), Fixtures.GLOBEX, Pipeline.SUPPLY_SHED, 4));
        source = new FaultySource(store, snapshot(OTHER_RUN));
    }

    @AfterEach
    void closeResources() throws Exception {
        source.release();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private RunState snapshot(String trackingId) {
        TrackingId run = TrackingId.of(trackingId);
        return Objects.requireNonNull(store.load(VisibilityScope.all(), List.of(run)).get(run));
    }

    private JettyHarness serve(RunStateSource servedSource) {
        JettyHarness server = JettyHarness.serveSource(servedSource);
        resources.add(server);
        return server;
    }

    private CachingRunStateSource cached(RunStateSource delegate) {
        CachingRunStateSource cache =
                CachingRunStateSource.builder(delegate)
                        .loadTimeout(Duration.ofMillis(300))
                        .loadThreads(2)
                        .build();
        resources.add(cache);
        return cache;
    }

    private static RawHttp.Response get(JettyHarness server, String query) {
        return RawHttp.send(server.port(), "GET", "/batch_progress?" + query, bearer(READER_TOKEN));
    }

    /** Returns the answer the tracker gives in-process, straight from the store. */
    private String expectedAnswer(String query) {
        List<QueryParameter> parameters = new ArrayList<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            parameters.add(
                    new QueryParameter(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return ProgressJson.create()
                .toJson(
                        ProgressTracker.create(store)
                                .progress(
                                        Fixtures.READER, ProgressQuery.fromParameters(parameters)));
    }

    private static void assertUnavailable(RawHttp.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(503);
        assertThat(response.bodyText()).isEqualTo(UNAVAILABLE);
        assertThat(response.header("Retry-After")).contains("2");
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("Content-Type")).contains("application/json");
        assertThat(response.raw())
                .doesNotContain("Exception")
                .doesNotContain("hunter2")
                .doesNotContain("Hikari")
                .doesNotContain("db.internal");
    }

    private void assertAnswers(JettyHarness server, String query) {
        RawHttp.Response response = get(server, query);

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo(expectedAnswer(query));
    }

    @Nested
    class WithoutCache {

        @ParameterizedTest(name = "{0} for {1}")
        @MethodSource("dev.batchprogress.servlet.FailingSourcesOverHttpTest#faultsAndShapes")
        void fault_gets503ThenRecovers(FaultySource.Fault fault, String query) {
            JettyHarness server = serve(source);
            assertAnswers(server, query);

            source.fail(fault);
            assertUnavailable(get(server, query));
            assertUnavailable(get(server, query));

            source.release();
            assertAnswers(server, query);
        }

        @Test
        void sourceIgnoringScope_gets503NotTheRun() {
            JettyHarness server = serve(source);
            source.fail(FaultySource.Fault.IGNORES_SCOPE);

            assertUnavailable(get(server, "tracking_id=" + GLOBEX_RUN));
            assertUnavailable(
                    get(server, "tracking_ids=" + SHED_A + "&tracking_ids=" + GLOBEX_RUN));
        }

        @Test
        void countsThatOverflowWhenCombined_get503() {
            RunStateSource huge = new HugeSupplySheds(store);
            JettyHarness server = serve(huge);

            RawHttp.Response one = get(server, "tracking_ids=" + SHED_A);
            RawHttp.Response both =
                    get(server, "tracking_ids=" + SHED_A + "&tracking_ids=" + SHED_B);

            assertThat(one.status()).isEqualTo(200);
            assertThat(one.bodyText())
                    .contains("\"total_number_of_facilities\":" + HugeSupplySheds.TOTAL);
            assertUnavailable(both);
        }
    }

    @Nested
    class WithCache {

        @ParameterizedTest(name = "{0} for {1}")
        @MethodSource("dev.batchprogress.servlet.FailingSourcesOverHttpTest#faultsAndShapes")
        void fault_isNeverCached(FaultySource.Fault fault, String query) {
            JettyHarness server = serve(cached(source));
            source.fail(fault);

            assertUnavailable(get(server, query));
            int loadsDuringFault = source.loads();
            assertUnavailable(get(server, query));

            assertThat(source.loads())
                    .as("loads after a failed one")
                    .isGreaterThan(loadsDuringFault);
            source.release();
            assertAnswers(server, query);
            assertAnswers(server, query);
        }

        @Test
        void cachedAnswer_isServedWhileSourceFails() {
            JettyHarness server = serve(cached(source));
            String query = "tracking_id=" + RUN;
            assertAnswers(server, query);

            source.fail(FaultySource.Fault.THROWS_ILLEGAL_STATE);

            assertAnswers(server, query);
        }
    }

    @Nested
    class HangingSource {

        private static final int CLIENTS = 12;
        private static final int LOAD_THREADS = 2;

        @Test
        @Timeout(60)
        void hangingLoads_get503AndLeaveNoThreadBehind() throws Exception {
            Set<Thread> before = Threads.live();
            ThreadPoolExecutor loadExecutor =
                    new ThreadPoolExecutor(
                            LOAD_THREADS,
                            LOAD_THREADS,
                            1,
                            TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(),
                            runnable -> new Thread(runnable, "test-load"));
            CachingRunStateSource cache =
                    CachingRunStateSource.builder(source)
                            .loadTimeout(Duration.ofMillis(300))
                            .executor(loadExecutor)
                            .build();
            JettyHarness server = JettyHarness.serveSource(cache);
            source.fail(FaultySource.Fault.HANGS);

            List<RawHttp.Response> responses = sendConcurrently(server, CLIENTS);

            assertThat(responses).allSatisfy(FailingSourcesOverHttpTest::assertUnavailable);
            assertThat(source.hanging()).as("calls hanging in the source").isEqualTo(LOAD_THREADS);
            assertThat(loadExecutor.getPoolSize()).as("load threads").isEqualTo(LOAD_THREADS);

            int loadsBeforeRelease = source.loads();
            source.release();
            awaitIdle(loadExecutor);
            assertAnswers(server, "tracking_id=" + RUN);
            awaitIdle(loadExecutor);

            assertThat(source.loads() - loadsBeforeRelease)
                    .as("source loads after the source came back, for one request")
                    .isEqualTo(1);
            server.close();
            cache.close();
            loadExecutor.shutdown();
            assertThat(loadExecutor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Threads.startedSince(before, Duration.ofSeconds(10)))
                    .as("threads started by the test and still alive")
                    .isEmpty();
        }

        @Test
        @Timeout(60)
        void ownLoadThreads_endWhenCacheCloses() throws Exception {
            Set<Thread> before = Threads.live();
            CachingRunStateSource cache =
                    CachingRunStateSource.builder(source)
                            .loadTimeout(Duration.ofMillis(300))
                            .loadThreads(LOAD_THREADS)
                            .build();
            JettyHarness server = JettyHarness.serveSource(cache);
            source.fail(FaultySource.Fault.HANGS);

            List<RawHttp.Response> responses = sendConcurrently(server, CLIENTS);

            assertThat(responses).allSatisfy(FailingSourcesOverHttpTest::assertUnavailable);
            List<String> loadThreads = Threads.named("batch-progress-load-");
            int threadsWhileHanging = Threads.live().size();
            assertThat(loadThreads)
                    .as("load threads while the source hangs")
                    .hasSizeLessThanOrEqualTo(LOAD_THREADS);
            source.release();
            assertAnswers(server, "tracking_id=" + RUN);
            server.close();
            cache.close();
            List<String> left = Threads.startedSince(before, Duration.ofSeconds(10));
            System.out.printf(
                    "hanging source: %d live threads before, %d while %d requests got 503"
                            + " (%d load threads), %d after the server and cache closed%n",
                    before.size(),
                    threadsWhileHanging,
                    CLIENTS,
                    loadThreads.size(),
                    Threads.live().size());
            assertThat(left).as("threads started by the test and still alive").isEmpty();
        }

        /**
         * Sends one request for each of {@code clients} ids, all at once, and returns the
         * responses.
         */
        private List<RawHttp.Response> sendConcurrently(JettyHarness server, int clients)
                throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<RawHttp.Response>> futures = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String query = "tracking_id=" + id(100 + i);
                    futures.add(pool.submit(() -> get(server, query)));
                }
                List<RawHttp.Response> responses = new ArrayList<>();
                for (Future<RawHttp.Response> future : futures) {
                    responses.add(future.get(30, TimeUnit.SECONDS));
                }
                return responses;
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }

        private void awaitIdle(ThreadPoolExecutor executor) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (executor.getActiveCount() > 0 || !executor.getQueue().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("load executor still busy: " + executor);
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * A source whose supply shed runs report {@value #TOTAL} facilities each, all queued: valid one
     * by one, but two of them add up to more than a 64-bit count holds.
     */
    private static final class HugeSupplySheds implements RunStateSource {

        static final long TOTAL = Long.MAX_VALUE / 2 + 1;

        private final RunStateSource delegate;

        HugeSupplySheds(RunStateSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            Map<TrackingId, RunState> found = new LinkedHashMap<>();
            delegate.load(scope, trackingIds)
                    .forEach((trackingId, state) -> found.put(trackingId, huge(state)));
            return found;
        }

        private static RunState huge(RunState state) {
            if (!(state instanceof SupplyShedState supplyShed)) {
                return state;
            }
            RunHeader header = supplyShed.header();
            List<Long> noneInFlows = supplyShed.inFlow().stream().map(count -> 0L).toList();
            return new SupplyShedState(header, TOTAL, TOTAL, noneInFlows, 0, 0, 0);
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            return delegate.findLatestByFilename(scope, filename).map(HugeSupplySheds::huge);
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            return delegate.list(scope, limit);
        }
    }
}
