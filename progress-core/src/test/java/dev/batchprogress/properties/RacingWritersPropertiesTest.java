package dev.batchprogress.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcRunStateSource;
import dev.batchprogress.jdbc.PostgresDatabase;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Flow;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RunChangeListener;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.source.RunStateSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.generators.Generate;

/**
 * Lets several writers race to send the same events for the same facilities and tasks while a
 * reader takes snapshots, and checks that no update is lost and none is applied twice. Every
 * distinct transition is applied by exactly one writer, and the others see it as already applied or
 * as a move back. The final counts are those of the plan, the run's version equals the number of
 * applied events, and every snapshot the reader takes is consistent and never goes back.
 *
 * <p>{@link ConcurrentSnapshotPropertiesTest} gives each writer facilities of its own; here all
 * writers contend for the same ones. It runs on the in-memory engine, with enough facilities for
 * two lock stripes, and on the JDBC recorder over PostgreSQL with fewer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RacingWritersPropertiesTest {

    private static final Pipeline FLOWS =
            new Pipeline(
                    "three_flows",
                    List.of(
                            new Flow("prepare", Phase.PREPROCESSING),
                            new Flow("detect", Phase.PREPROCESSING),
                            new Flow("ingest", Phase.PROCESSING)));
    private static final Pipeline STAGES = Pipeline.stages("two_stages", "extract", "load");
    private static final TrackingId SUPPLY_SHED = TrackingId.of("0x" + "7".repeat(64));
    private static final TrackingId BATCH_PROCESS = TrackingId.of("0x" + "8".repeat(64));
    private static final int TASKS_PER_BLOCK = 50;
    private static final long JOIN_MILLIS = 120_000;

    private PostgresDatabase database;
    private HikariDataSource pool;

    /**
     * What every writer sends: for each facility its path of state codes (1 to 3 a flow, 4
     * completed, 5 failed, 6 ungeocoded), and for each stage its task outcomes.
     */
    private static final class Plan {

        private final int[][] facilityPaths;
        private final TaskOutcome[][] taskOutcomes;

        private Plan(int[][] facilityPaths, TaskOutcome[][] taskOutcomes) {
            this.facilityPaths = facilityPaths;
            this.taskOutcomes = taskOutcomes;
        }

        int[][] facilityPaths() {
            return facilityPaths;
        }

        TaskOutcome[][] taskOutcomes() {
            return taskOutcomes;
        }

        /** Returns the number of distinct transitions and stage changes the plan applies. */
        long appliedEvents() {
            long events = 0;
            for (int[] path : facilityPaths) {
                events += path.length;
            }
            for (TaskOutcome[] outcomes : taskOutcomes) {
                // start, the blocks of tasks, each outcome, succeed
                events += 2 + (outcomes.length + TASKS_PER_BLOCK - 1) / TASKS_PER_BLOCK;
                events += outcomes.length;
            }
            return events;
        }

        static Plan draw(long seed, int facilities, int tasksPerStage) {
            SplittableRandom random = new SplittableRandom(seed);
            int[][] paths = new int[facilities][];
            for (int f = 0; f < facilities; f++) {
                int roll = random.nextInt(10);
                if (roll == 0) {
                    paths[f] = new int[] {6};
                } else if (roll == 1) {
                    paths[f] = new int[] {1, 2, 5};
                } else if (roll == 2) {
                    paths[f] = new int[] {2};
                } else if (roll == 3) {
                    paths[f] = new int[0];
                } else {
                    paths[f] = new int[] {1, 2, 3, 4};
                }
            }
            TaskOutcome[][] outcomes = new TaskOutcome[STAGES.size()][tasksPerStage];
            for (TaskOutcome[] stage : outcomes) {
                for (int t = 0; t < stage.length; t++) {
                    stage[t] = random.nextInt(8) == 0 ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED;
                }
            }
            return new Plan(paths, outcomes);
        }
    }

    @AfterAll
    void closeDatabase() {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Timeout(300)
    void racingWriters_inMemory_applyEachEventOnce() {
        qt().withExamples(3)
                .withShrinkCycles(1)
                .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE), Generate.range(2, 4))
                .checkAssert(
                        (seed, writers) -> {
                            InMemoryRunStore store = InMemoryRunStore.withClock(new TickingClock());
                            race(store, store, Plan.draw(seed, 70_000, 400), writers, seed);
                        });
    }

    @Test
    @Timeout(300)
    void racingWriters_jdbc_applyEachEventOnce() {
        database = PostgresDatabase.create();
        pool = database.pool(6);
        JdbcRunRecorder recorder =
                JdbcRunRecorder.create(pool, new TickingClock(), RunChangeListener.NONE);
        JdbcRunStateSource source = JdbcRunStateSource.create(pool);
        qt().withExamples(2)
                .withShrinkCycles(1)
                .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE), Generate.range(2, 4))
                .checkAssert(
                        (seed, writers) -> {
                            emptyTables();
                            race(recorder, source, Plan.draw(seed, 120, 60), writers, seed);
                        });
    }

    private static void race(
            RunRecorder recorder, RunStateSource source, Plan plan, int writerCount, long seed) {
        int facilities = plan.facilityPaths().length;
        recorder.register(
                RunRegistration.supplyShed(SUPPLY_SHED, Scenarios.ORGANIZATION, FLOWS, facilities));
        recorder.register(
                RunRegistration.batchProcess(BATCH_PROCESS, Scenarios.ORGANIZATION, STAGES));
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong applied = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(writerCount);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writerCount; w++) {
            Writer writer = new Writer(recorder, plan, new SplittableRandom(seed + w), applied);
            threads.add(thread("racing-writer-" + w, start, writersDone, failures, writer));
        }
        Reader reader = new Reader(source, writersDone, facilities);
        threads.add(thread("reader", start, new CountDownLatch(1), failures, reader::run));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + thread.getName(), e);
            }
            assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
        }

        assertThat(failures).as("failures on the writer and reader threads").isEmpty();
        assertThat(reader.snapshots).as("snapshots taken by the reader").isPositive();
        SupplyShedState shed = (SupplyShedState) snapshot(source, SUPPLY_SHED);
        BatchProcessState run = (BatchProcessState) snapshot(source, BATCH_PROCESS);
        long[] expected = new long[7];
        long facilityEvents = 0;
        for (int[] path : plan.facilityPaths()) {
            expected[path.length == 0 ? 0 : path[path.length - 1]]++;
            facilityEvents += path.length;
        }
        assertThat(shed.queued()).as("queued").isEqualTo(expected[0]);
        assertThat(shed.inFlow())
                .as("per flow")
                .containsExactly(expected[1], expected[2], expected[3]);
        assertThat(shed.completed()).as("completed").isEqualTo(expected[4]);
        assertThat(shed.failed()).as("failed").isEqualTo(expected[5]);
        assertThat(shed.ungeocoded()).as("ungeocoded").isEqualTo(expected[6]);
        assertThat(shed.version()).as("supply shed version").isEqualTo(facilityEvents);
        for (int stage = 1; stage <= STAGES.size(); stage++) {
            TaskOutcome[] outcomes = plan.taskOutcomes()[stage - 1];
            long failed = Arrays.stream(outcomes).filter(o -> o == TaskOutcome.FAILED).count();
            assertThat(run.stage(stage))
                    .as("stage %d", stage)
                    .isEqualTo(
                            new StageState(
                                    StageStatus.SUCCEEDED,
                                    outcomes.length,
                                    outcomes.length - failed,
                                    failed));
        }
        assertThat(shed.version() + run.version())
                .as("versions of both runs")
                .isEqualTo(plan.appliedEvents());
        assertThat(applied.get()).as("events reported applied").isEqualTo(plan.appliedEvents());
    }

    private void emptyTables() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bp_run CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the run tables", e);
        }
    }

    private static RunState snapshot(RunStateSource source, TrackingId run) {
        return Objects.requireNonNull(
                source.load(VisibilityScope.all(), List.of(run)).get(run),
                () -> "run " + run + " is missing");
    }

    private interface ThrowingTask {
        void run() throws Exception;
    }

    private static Thread thread(
            String name,
            CountDownLatch start,
            CountDownLatch done,
            Queue<String> failures,
            ThrowingTask task) {
        return new Thread(
                () -> {
                    try {
                        start.await();
                        task.run();
                    } catch (Throwable failure) {
                        failures.add(name + ": " + failure);
                    } finally {
                        done.countDown();
                    }
                },
                name);
    }

    /**
     * Sends every event of the plan: the facilities in an order of its own, each facility's path in
     * order, then the two stages with their tasks in blocks and every outcome.
     */
    private static final class Writer implements ThrowingTask {

        private final RunRecorder recorder;
        private final Plan plan;
        private final SplittableRandom random;
        private final AtomicLong applied;

        Writer(RunRecorder recorder, Plan plan, SplittableRandom random, AtomicLong applied) {
            this.recorder = recorder;
            this.plan = plan;
            this.random = random;
            this.applied = applied;
        }

        @Override
        public void run() {
            int[][] paths = plan.facilityPaths();
            int[] order = shuffled(paths.length);
            for (int facility : order) {
                for (int code : paths[facility]) {
                    send(() -> facilityEvent(facility, code));
                }
            }
            for (int stage = 1; stage <= STAGES.size(); stage++) {
                int current = stage;
                TaskOutcome[] outcomes = plan.taskOutcomes()[stage - 1];
                send(() -> recorder.startStage(BATCH_PROCESS, current));
                for (int first = 0; first < outcomes.length; first += TASKS_PER_BLOCK) {
                    int block = first;
                    int count = Math.min(TASKS_PER_BLOCK, outcomes.length - first);
                    send(() -> recorder.addTasks(BATCH_PROCESS, current, block, count));
                }
                for (int task : shuffled(outcomes.length)) {
                    send(
                            () ->
                                    recorder.recordTaskOutcome(
                                            BATCH_PROCESS, current, task, outcomes[task]));
                }
                send(() -> recorder.succeedStage(BATCH_PROCESS, current));
            }
        }

        private Recorded facilityEvent(int facility, int code) {
            return switch (code) {
                case 1, 2, 3 -> recorder.moveFacility(SUPPLY_SHED, facility, code);
                case 4 -> recorder.completeFacility(SUPPLY_SHED, facility);
                case 5 -> recorder.failFacility(SUPPLY_SHED, facility);
                default -> recorder.markUngeocoded(SUPPLY_SHED, facility);
            };
        }

        /** Sends one event: applied, already applied, or rejected as a move back by a race. */
        private void send(Supplier<Recorded> event) {
            try {
                if (event.get() == Recorded.APPLIED) {
                    applied.incrementAndGet();
                }
            } catch (IllegalTransitionException movedOn) {
                // Another writer moved the facility past this step already.
            }
        }

        private int[] shuffled(int size) {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }
    }

    /**
     * Takes snapshots until the writers are done, and once more after: each adds up, and counts
     * that only grow never shrink.
     */
    private static final class Reader {

        long snapshots;
        private final RunStateSource source;
        private final CountDownLatch writersDone;
        private final int facilities;

        Reader(RunStateSource source, CountDownLatch writersDone, int facilities) {
            this.source = source;
            this.writersDone = writersDone;
            this.facilities = facilities;
        }

        void run() {
            SupplyShedState last = null;
            BatchProcessState lastRun = null;
            boolean done;
            do {
                done = writersDone.getCount() == 0;
                SupplyShedState shed = (SupplyShedState) snapshot(source, SUPPLY_SHED);
                BatchProcessState run = (BatchProcessState) snapshot(source, BATCH_PROCESS);
                assertThat(shed.total()).isEqualTo(facilities);
                if (last != null) {
                    assertThat(shed.version()).as("version").isGreaterThanOrEqualTo(last.version());
                    assertThat(shed.completed()).isGreaterThanOrEqualTo(last.completed());
                    assertThat(shed.failed() + shed.ungeocoded())
                            .isGreaterThanOrEqualTo(last.failed() + last.ungeocoded());
                    assertThat(shed.queued()).isLessThanOrEqualTo(last.queued());
                }
                if (lastRun != null) {
                    assertThat(run.version()).isGreaterThanOrEqualTo(lastRun.version());
                    for (int stage = 1; stage <= STAGES.size(); stage++) {
                        StageState now = run.stage(stage);
                        StageState before = lastRun.stage(stage);
                        assertThat(now.succeeded() + now.failed())
                                .isGreaterThanOrEqualTo(before.succeeded() + before.failed());
                        assertThat(now.total()).isGreaterThanOrEqualTo(before.total());
                    }
                }
                last = shed;
                lastRun = run;
                snapshots++;
            } while (!done);
        }
    }
}
