package dev.batchprogress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.source.SourceUnavailableException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JDBC recorder and source against a real PostgreSQL, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEngineTest {

    private static final AtomicInteger RUN_NUMBERS = new AtomicInteger();
    private static final InstantSource CLOCK =
            InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

    private PostgresDatabase database;
    private HikariDataSource pool;
    private StatementCounter counter;
    private JdbcRunRecorder recorder;
    private JdbcRunStateSource source;

    @BeforeAll
    void createSchema() {
        database = PostgresDatabase.create();
        pool = database.pool(6);
        counter = new StatementCounter(pool);
        recorder = JdbcRunRecorder.create(pool, CLOCK, (o, t, f) -> {});
        source = JdbcRunStateSource.create(counter);
    }

    @AfterAll
    void dropSchema() {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static TrackingId newRun() {
        return TrackingId.of(String.format("0x%064x", RUN_NUMBERS.incrementAndGet() + 0xabc000L));
    }

    private RunState load(TrackingId run) {
        return source.load(VisibilityScope.all(), List.of(run)).get(run);
    }

    @Nested
    class Reading {

        @Test
        void trackingIdsQuery_isOneStatement() {
            List<TrackingId> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                TrackingId run = newRun();
                recorder.register(RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, 3));
                runs.add(run);
            }
            counter.reset();
            ProgressTracker tracker = ProgressTracker.create(source);
            Caller caller = new Caller("ann", "acme", Set.of(Permission.READ));

            SupplyShedProgress progress =
                    (SupplyShedProgress)
                            tracker.progress(
                                    caller,
                                    ProgressQuery.ofTrackingIds(
                                            runs.stream().map(TrackingId::value).toList()));

            assertThat(progress.total()).isEqualTo(150);
            assertThat(counter.executions()).isEqualTo(1);
        }

        @Test
        void otherOrganizationsRun_isAbsent() {
            TrackingId run = newRun();
            recorder.register(RunRegistration.batchProcess(run, "globex", Pipeline.BATCH_PROCESS));

            assertThat(source.load(VisibilityScope.organization("acme"), List.of(run))).isEmpty();
            assertThat(source.load(VisibilityScope.organization("globex"), List.of(run)))
                    .containsKey(run);
        }

        @Test
        void upperCaseId_findsLowerCaseRun() {
            TrackingId run = newRun();
            recorder.register(RunRegistration.batchProcess(run, "acme", Pipeline.BATCH_PROCESS));
            TrackingId upper =
                    TrackingId.of(
                            run.value().toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"));

            assertThat(source.load(VisibilityScope.all(), List.of(upper))).containsOnlyKeys(upper);
        }

        @Test
        void filename_findsLatestVisibleRun() {
            TrackingId file = newRun();
            TrackingId older = newRun();
            TrackingId newer = newRun();
            TrackingId foreign = newRun();
            recorder.register(
                    RunRegistration.batchProcess(older, "acme", Pipeline.BATCH_PROCESS)
                            .withFilename(file));
            recorder.register(
                    RunRegistration.batchProcess(newer, "acme", Pipeline.BATCH_PROCESS)
                            .withFilename(file));
            recorder.register(
                    RunRegistration.batchProcess(foreign, "globex", Pipeline.BATCH_PROCESS)
                            .withFilename(file));

            assertThat(source.findLatestByFilename(VisibilityScope.organization("acme"), file))
                    .map(RunState::trackingId)
                    .contains(newer);
            assertThat(source.findLatestByFilename(VisibilityScope.all(), file))
                    .map(RunState::trackingId)
                    .contains(foreign);
        }

        @Test
        void list_returnsNewestFirstWithinScope() {
            String organization = "list-" + RUN_NUMBERS.incrementAndGet();
            List<TrackingId> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TrackingId run = newRun();
                recorder.register(
                        RunRegistration.batchProcess(run, organization, Pipeline.BATCH_PROCESS));
                runs.add(run);
            }

            List<RunState> listed = source.list(VisibilityScope.organization(organization), 3);

            assertThat(listed)
                    .extracting(RunState::trackingId)
                    .containsExactly(runs.get(3), runs.get(2), runs.get(1));
        }

        @Test
        void stateBreakingInvariants_isUnavailable() throws Exception {
            TrackingId run = newRun();
            recorder.register(RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, 3));
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate(
                        "UPDATE bp_facility_count SET facilities = 7 WHERE run_key = '"
                                + run.key()
                                + "' AND state_code = 0");
            }

            assertThatThrownBy(() -> load(run))
                    .isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("invalid state");
        }
    }

    @Nested
    class Recording {

        @Test
        void facilityEvents_updateCountersAndVersion() {
            TrackingId run = newRun();
            recorder.register(RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, 4));

            assertThat(recorder.moveFacility(run, 0, 7)).isEqualTo(Recorded.APPLIED);
            assertThat(recorder.moveFacility(run, 0, 7)).isEqualTo(Recorded.ALREADY_APPLIED);
            recorder.completeFacility(run, 0);
            recorder.markUngeocoded(run, 1);
            recorder.moveFacility(run, 2, "detect_plots");

            SupplyShedState state = (SupplyShedState) load(run);
            assertThat(state.completed()).isEqualTo(1);
            assertThat(state.ungeocoded()).isEqualTo(1);
            assertThat(state.inFlow()).containsExactly(0L, 1L, 0L, 0L, 0L, 0L, 0L);
            assertThat(state.queued()).isEqualTo(1);
            assertThat(state.version()).isEqualTo(4);
        }

        @Test
        void taskEvents_updateStageCounters() {
            TrackingId run = newRun();
            recorder.register(RunRegistration.batchProcess(run, "acme", Pipeline.BATCH_PROCESS));

            recorder.startStage(run, 1);
            assertThat(recorder.addTasks(run, 1, 0, 10)).isEqualTo(Recorded.APPLIED);
            assertThat(recorder.addTasks(run, 1, 5, 10)).isEqualTo(Recorded.APPLIED);
            assertThat(recorder.addTasks(run, 1, 0, 15)).isEqualTo(Recorded.ALREADY_APPLIED);
            recorder.recordTaskOutcome(run, 1, 3, TaskOutcome.SUCCEEDED);
            recorder.recordTaskOutcome(run, 1, 3, TaskOutcome.SUCCEEDED);
            recorder.recordTaskOutcome(run, 1, 4, TaskOutcome.FAILED);

            BatchProcessState state = (BatchProcessState) load(run);
            assertThat(state.stage(1)).isEqualTo(new StageState(StageStatus.RUNNING, 15, 1, 1));
            assertThat(state.version()).isEqualTo(5);
        }

        @Test
        void registration_isIdempotentAndConflictsAreRejected() {
            TrackingId run = newRun();
            RunRegistration registration =
                    RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, 4);

            assertThat(recorder.register(registration)).isEqualTo(Recorded.APPLIED);
            assertThat(recorder.register(registration)).isEqualTo(Recorded.ALREADY_APPLIED);
            assertThatThrownBy(
                            () ->
                                    recorder.register(
                                            RunRegistration.supplyShed(
                                                    run, "acme", Pipeline.SUPPLY_SHED, 5)))
                    .isInstanceOf(dev.batchprogress.recording.RunConflictException.class);
        }

        @Test
        void changeListener_hearsCommittedChanges() {
            List<TrackingId> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            JdbcRunRecorder listening =
                    JdbcRunRecorder.create(
                            database.dataSource(),
                            CLOCK,
                            (organization, trackingId, file) -> heard.add(trackingId));
            TrackingId run = newRun();

            listening.register(RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, 1));
            listening.moveFacility(run, 0, 1);
            listening.moveFacility(run, 0, 1);

            assertThat(heard).containsExactly(run, run);
        }

        @Test
        void writersOnSeveralConnections_loseNoUpdate() throws Exception {
            TrackingId run = newRun();
            int facilities = 200;
            recorder.register(
                    RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, facilities));
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int writer = 0; writer < 4; writer++) {
                    int first = writer;
                    done.add(
                            writers.submit(
                                    () -> {
                                        for (int facility = first;
                                                facility < facilities;
                                                facility += 4) {
                                            recorder.moveFacility(run, facility, 1);
                                            recorder.moveFacility(run, facility, 1);
                                            recorder.moveFacility(run, facility, 7);
                                        }
                                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }

            SupplyShedState state = (SupplyShedState) load(run);
            assertThat(state.inFlow().get(6)).isEqualTo(facilities);
            assertThat(state.version()).isEqualTo(2L * facilities);
        }
    }

    /** Both engines reject the same events with the same exception and message. */
    @Nested
    class SameRulesAsInMemory {

        private void assertSameRejection(Consumer<RunRecorder> setUp, Consumer<RunRecorder> event) {
            InMemoryRunStore memory = InMemoryRunStore.withClock(CLOCK);
            setUp.accept(memory);
            setUp.accept(recorder);
            Throwable inMemory = catchRejection(() -> event.accept(memory));
            Throwable inDatabase = catchRejection(() -> event.accept(recorder));

            assertThat(inMemory).isNotNull();
            assertThat(inDatabase).isInstanceOf(inMemory.getClass());
            assertThat(inDatabase).hasMessage(inMemory.getMessage());
        }

        private Throwable catchRejection(Runnable event) {
            try {
                event.run();
                return null;
            } catch (RecordingException rejection) {
                return rejection;
            }
        }

        @Test
        void rejectedEvents_matchInClassAndMessage() {
            TrackingId shed = newRun();
            TrackingId batch = newRun();
            Consumer<RunRecorder> setUp =
                    r -> {
                        r.register(
                                RunRegistration.supplyShed(shed, "acme", Pipeline.SUPPLY_SHED, 3));
                        r.register(
                                RunRegistration.batchProcess(
                                        batch, "acme", Pipeline.BATCH_PROCESS));
                        r.moveFacility(shed, 0, 5);
                        r.addTasks(batch, 1, 0, 2);
                        r.startStage(batch, 1);
                        r.recordTaskOutcome(batch, 1, 0, TaskOutcome.SUCCEEDED);
                    };

            assertSameRejection(setUp, r -> r.moveFacility(shed, 0, 2));
            assertSameRejection(setUp, r -> r.moveFacility(shed, 0, 9));
            assertSameRejection(setUp, r -> r.moveFacility(shed, 3, 1));
            assertSameRejection(setUp, r -> r.moveFacility(shed, 1, "nope"));
            assertSameRejection(setUp, r -> r.completeFacility(shed, 1));
            assertSameRejection(setUp, r -> r.markUngeocoded(shed, 0));
            assertSameRejection(setUp, r -> r.startStage(shed, 1));
            assertSameRejection(setUp, r -> r.moveFacility(batch, 0, 1));
            assertSameRejection(setUp, r -> r.succeedStage(batch, 2));
            assertSameRejection(setUp, r -> r.startStage(batch, 5));
            assertSameRejection(setUp, r -> r.addTasks(batch, 1, -1, 1));
            assertSameRejection(setUp, r -> r.recordTaskOutcome(batch, 1, 0, TaskOutcome.FAILED));
            assertSameRejection(setUp, r -> r.recordTaskOutcome(batch, 1, 7, TaskOutcome.FAILED));
            assertSameRejection(setUp, r -> r.skip(batch, " "));
            TrackingId unknown = newRun();
            assertSameRejection(setUp, r -> r.moveFacility(unknown, 0, 1));
            assertSameRejection(setUp, r -> r.moveFacility(TrackingId.of("nul\u0000id"), 0, 1));
            assertSameRejection(setUp, r -> r.skip(shed, "low\u0000"));
            assertSameRejection(setUp, r -> r.addTasks(batch, 1, 0, Integer.MAX_VALUE));
            assertSameRejection(
                    setUp,
                    r ->
                            r.register(
                                    RunRegistration.supplyShed(
                                            shed, "acme", Pipeline.SUPPLY_SHED, 4)));
        }

        @Test
        void skippedRun_rejectsEventsInBothEngines() {
            TrackingId shed = newRun();
            Consumer<RunRecorder> setUp =
                    r -> {
                        r.register(
                                RunRegistration.supplyShed(shed, "acme", Pipeline.SUPPLY_SHED, 3));
                        r.skip(shed, "low - not processed");
                    };

            assertSameRejection(setUp, r -> r.moveFacility(shed, 0, 1));
            assertSameRejection(setUp, r -> r.skip(shed, "other"));
        }
    }
}
