package dev.batchprogress.properties;

import static dev.batchprogress.properties.PropertySettings.CALLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
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
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.generators.Generate;

/**
 * Records events from several threads while another thread takes snapshots, and checks that every
 * snapshot is consistent and that the final state counts exactly the events the engine applied.
 *
 * <p>Each round registers a supply shed run of {@value #FACILITIES} facilities, more than three
 * times 65,536, so that the engine splits its counters over several stripes, and a batch process
 * run. Two to four writers walk disjoint facilities through the flows, repeating some events and
 * sending some illegal ones; another writer runs the batch process. Each writer can predict the
 * result of its own events, because no other writer touches its facilities.
 */
class ConcurrentSnapshotPropertiesTest {

    private static final int FACILITIES = 200_000;
    private static final int TASKS_PER_STAGE = 2_000;
    private static final int TASKS_PER_CALL = 100;
    private static final int ROUNDS = 3;
    private static final long JOIN_TIMEOUT_MILLIS = 30_000;
    private static final Pipeline FLOWS = Pipeline.SUPPLY_SHED;
    private static final Pipeline STAGES = Pipeline.BATCH_PROCESS;
    private static final TrackingId SUPPLY_SHED = TrackingId.of("0x" + "5".repeat(60) + "aBcD");
    private static final TrackingId BATCH_PROCESS = TrackingId.of("0x" + "b".repeat(60) + "0123");

    @Test
    @Timeout(120)
    void concurrentWriters_snapshotsStayConsistent() {
        qt().withExamples(ROUNDS)
                .withShrinkCycles(1)
                .forAll(Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE), Generate.range(2, 4))
                .checkAssert(ConcurrentSnapshotPropertiesTest::round);
    }

    private static void round(long seed, int writerCount) {
        InMemoryRunStore store = InMemoryRunStore.create();
        store.register(
                RunRegistration.supplyShed(SUPPLY_SHED, Scenarios.ORGANIZATION, FLOWS, FACILITIES));
        store.register(RunRegistration.batchProcess(BATCH_PROCESS, Scenarios.ORGANIZATION, STAGES));
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch writersDone = new CountDownLatch(writerCount + 1);
        Queue<String> failures = new ConcurrentLinkedQueue<>();

        List<FacilityWriter> facilityWriters = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writerCount; w++) {
            FacilityWriter writer =
                    new FacilityWriter(store, w, writerCount, new SplittableRandom(seed + w));
            facilityWriters.add(writer);
            threads.add(thread("facility-writer-" + w, start, writersDone, failures, writer));
        }
        BatchWriter batchWriter = new BatchWriter(store, new SplittableRandom(~seed));
        threads.add(thread("batch-writer", start, writersDone, failures, batchWriter));
        Reader reader = new Reader(store, writersDone);
        threads.add(thread("reader", start, new CountDownLatch(1), failures, reader));
        threads.forEach(Thread::start);
        start.countDown();
        joinAll(threads);

        assertThat(failures).as("failures on the writer and reader threads").isEmpty();
        assertThat(reader.snapshots).as("snapshots taken by the reader").isPositive();
        assertFinalSupplyShed(store, facilityWriters);
        assertFinalBatchProcess(store, batchWriter);
    }

    private static void assertFinalSupplyShed(
            InMemoryRunStore store, List<FacilityWriter> writers) {
        long[] expected = new long[FLOWS.size() + 4];
        long applied = 0;
        for (FacilityWriter writer : writers) {
            for (int code = 0; code < expected.length; code++) {
                expected[code] += writer.finalStates[code];
            }
            applied += writer.applied;
        }
        SupplyShedState state = (SupplyShedState) snapshot(store, SUPPLY_SHED);
        List<Long> inFlow = new ArrayList<>();
        for (int flow = 1; flow <= FLOWS.size(); flow++) {
            inFlow.add(expected[flow]);
        }
        assertThat(state.version()).as("supply shed version").isEqualTo(applied);
        assertThat(state.queued()).as("queued").isEqualTo(expected[0]);
        assertThat(state.inFlow()).as("facilities per flow").isEqualTo(inFlow);
        assertThat(state.completed()).as("completed").isEqualTo(expected[FacilityWriter.COMPLETED]);
        assertThat(state.failed()).as("failed").isEqualTo(expected[FacilityWriter.FAILED]);
        assertThat(state.ungeocoded())
                .as("ungeocoded")
                .isEqualTo(expected[FacilityWriter.UNGEOCODED]);
    }

    private static void assertFinalBatchProcess(InMemoryRunStore store, BatchWriter writer) {
        BatchProcessState state = (BatchProcessState) snapshot(store, BATCH_PROCESS);
        assertThat(state.version()).as("batch process version").isEqualTo(writer.applied);
        assertThat(state.stages()).as("stages").isEqualTo(writer.expectedStages);
    }

    private static RunState snapshot(InMemoryRunStore store, TrackingId run) {
        RunState state = store.load(VisibilityScope.all(), List.of(run)).get(run);
        return Objects.requireNonNull(state, () -> "run " + run + " is not in the store");
    }

    /**
     * Returns a thread that waits for the start latch, runs a task, records any failure, and counts
     * down its done latch.
     */
    private static Thread thread(
            String name,
            CountDownLatch start,
            CountDownLatch done,
            Queue<String> failures,
            ThrowingTask task) {
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                start.await();
                                task.run();
                            } catch (InterruptedException interrupted) {
                                Thread.currentThread().interrupt();
                                failures.add(name + " was interrupted");
                            } catch (RuntimeException | AssertionError failure) {
                                failures.add(name + ": " + failure);
                            } finally {
                                done.countDown();
                            }
                        },
                        name);
        thread.setDaemon(true);
        return thread;
    }

    private static void joinAll(List<Thread> threads) {
        long deadline = System.nanoTime() + JOIN_TIMEOUT_MILLIS * 1_000_000;
        for (Thread thread : threads) {
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                thread.join(remainingMillis);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(
                        "interrupted while joining " + thread.getName(), interrupted);
            }
            assertThat(thread.isAlive())
                    .as("%s still runs after %d ms", thread.getName(), JOIN_TIMEOUT_MILLIS)
                    .isFalse();
        }
    }

    /** A task of a test thread. */
    private interface ThrowingTask {
        void run() throws InterruptedException;
    }

    /**
     * Walks the facilities {@code first}, {@code first + step}, … of the supply shed run through
     * the flows: most complete, some fail, some stay queued or in a flow, some are marked
     * ungeocoded. Some events are sent twice and some facilities are sent back a flow, which must
     * be rejected.
     */
    private static final class FacilityWriter implements ThrowingTask {

        static final int COMPLETED = FLOWS.size() + 1;
        static final int FAILED = FLOWS.size() + 2;
        static final int UNGEOCODED = FLOWS.size() + 3;

        final long[] finalStates = new long[FLOWS.size() + 4];
        long applied;
        private final InMemoryRunStore store;
        private final int first;
        private final int step;
        private final SplittableRandom random;

        FacilityWriter(InMemoryRunStore store, int first, int step, SplittableRandom random) {
            this.store = store;
            this.first = first;
            this.step = step;
            this.random = random;
        }

        @Override
        public void run() {
            for (int facility = first; facility < FACILITIES; facility += step) {
                finalStates[walk(facility)]++;
            }
        }

        /** Sends the events of one facility and returns the state it ends in. */
        private int walk(int facility) {
            int path = random.nextInt(100);
            if (path < 5) {
                return 0;
            }
            if (path < 12) {
                expect(Recorded.APPLIED, () -> store.markUngeocoded(SUPPLY_SHED, facility));
                return UNGEOCODED;
            }
            int flow = 0;
            while (flow < FLOWS.size()) {
                int next =
                        random.nextInt(10) == 0
                                ? flow + 1 + random.nextInt(FLOWS.size() - flow)
                                : flow + 1;
                expect(Recorded.APPLIED, () -> store.moveFacility(SUPPLY_SHED, facility, next));
                if (random.nextInt(10) == 0) {
                    expect(
                            Recorded.ALREADY_APPLIED,
                            () -> store.moveFacility(SUPPLY_SHED, facility, next));
                }
                if (flow >= 1 && random.nextInt(20) == 0) {
                    int back = flow;
                    expectRejected(() -> store.moveFacility(SUPPLY_SHED, facility, back));
                }
                flow = next;
                int end = random.nextInt(100);
                if (end < 3) {
                    expect(Recorded.APPLIED, () -> store.failFacility(SUPPLY_SHED, facility));
                    return FAILED;
                }
                if (end < 5) {
                    return flow;
                }
            }
            expect(Recorded.APPLIED, () -> store.completeFacility(SUPPLY_SHED, facility));
            if (random.nextInt(10) == 0) {
                expect(
                        Recorded.ALREADY_APPLIED,
                        () -> store.completeFacility(SUPPLY_SHED, facility));
            }
            return COMPLETED;
        }

        private void expect(Recorded expected, Supplier<Recorded> event) {
            Recorded recorded = event.get();
            if (recorded == Recorded.APPLIED) {
                applied++;
            }
            assertThat(recorded).isEqualTo(expected);
        }

        private void expectRejected(Supplier<Recorded> event) {
            try {
                Recorded recorded = event.get();
                throw new AssertionError("expected a rejection, got " + recorded);
            } catch (RecordingException expected) {
                // The engine rejected the move back, as it must.
            }
        }
    }

    /**
     * Runs the four stages of the batch process run one after another: start, add the tasks in
     * blocks, record each task's outcome, succeed. Some calls are sent twice.
     */
    private static final class BatchWriter implements ThrowingTask {

        final List<StageState> expectedStages = new ArrayList<>();
        long applied;
        private final InMemoryRunStore store;
        private final SplittableRandom random;

        BatchWriter(InMemoryRunStore store, SplittableRandom random) {
            this.store = store;
            this.random = random;
        }

        @Override
        public void run() {
            for (int stage = 1; stage <= STAGES.size(); stage++) {
                int current = stage;
                expect(Recorded.APPLIED, () -> store.startStage(BATCH_PROCESS, current));
                for (int task = 0; task < TASKS_PER_STAGE; task += TASKS_PER_CALL) {
                    int block = task;
                    expect(
                            Recorded.APPLIED,
                            () -> store.addTasks(BATCH_PROCESS, current, block, TASKS_PER_CALL));
                    if (random.nextInt(10) == 0) {
                        expect(
                                Recorded.ALREADY_APPLIED,
                                () ->
                                        store.addTasks(
                                                BATCH_PROCESS, current, block, TASKS_PER_CALL));
                    }
                }
                long failed = 0;
                for (int task = 0; task < TASKS_PER_STAGE; task++) {
                    int number = task;
                    TaskOutcome outcome =
                            random.nextInt(20) == 0 ? TaskOutcome.FAILED : TaskOutcome.SUCCEEDED;
                    failed += outcome == TaskOutcome.FAILED ? 1 : 0;
                    expect(
                            Recorded.APPLIED,
                            () -> store.recordTaskOutcome(BATCH_PROCESS, current, number, outcome));
                    if (random.nextInt(20) == 0) {
                        expect(
                                Recorded.ALREADY_APPLIED,
                                () ->
                                        store.recordTaskOutcome(
                                                BATCH_PROCESS, current, number, outcome));
                    }
                }
                expect(Recorded.APPLIED, () -> store.succeedStage(BATCH_PROCESS, current));
                expectedStages.add(
                        new StageState(
                                StageStatus.SUCCEEDED,
                                TASKS_PER_STAGE,
                                TASKS_PER_STAGE - failed,
                                failed));
            }
        }

        private void expect(Recorded expected, Supplier<Recorded> event) {
            Recorded recorded = event.get();
            if (recorded == Recorded.APPLIED) {
                applied++;
            }
            assertThat(recorded).isEqualTo(expected);
        }
    }

    /**
     * Takes snapshots of both runs until every writer is done, and once more after that. In each
     * snapshot the supply shed counts add up and the batch process progress follows its rules.
     * Versions never go down, and counts that only grow (completed, failed, tasks) never shrink.
     * Every sixteenth time it also requests the supply shed run under two spellings of its id,
     * which must count each facility once.
     */
    private static final class Reader implements ThrowingTask {

        long snapshots;
        private final InMemoryRunStore store;
        private final ProgressTracker tracker;
        private final CountDownLatch writersDone;
        private final ProgressQuery twoSpellings =
                ProgressQuery.ofTrackingIds(
                        List.of(
                                SUPPLY_SHED.value(),
                                "0x" + SUPPLY_SHED.value().substring(2).toUpperCase(Locale.ROOT)));
        private SupplyShedState lastSupplyShed;
        private BatchProcessState lastBatchProcess;

        Reader(InMemoryRunStore store, CountDownLatch writersDone) {
            this.store = store;
            this.tracker = ProgressTracker.create(store);
            this.writersDone = writersDone;
            this.lastSupplyShed = (SupplyShedState) snapshot(store, SUPPLY_SHED);
            this.lastBatchProcess = (BatchProcessState) snapshot(store, BATCH_PROCESS);
        }

        @Override
        public void run() {
            boolean last;
            do {
                last = writersDone.getCount() == 0;
                checkSupplyShed((SupplyShedState) snapshot(store, SUPPLY_SHED));
                checkBatchProcess((BatchProcessState) snapshot(store, BATCH_PROCESS));
                if (snapshots % 16 == 0) {
                    SupplyShedProgress combined =
                            (SupplyShedProgress) tracker.progress(CALLER, twoSpellings);
                    checkCounts(combined, "combined answer for two spellings of one id");
                }
                snapshots++;
            } while (!last);
        }

        private void checkSupplyShed(SupplyShedState state) {
            SupplyShedProgress answer = ProgressCalculator.supplyShed(state);
            checkCounts(answer, "supply shed snapshot " + snapshots);
            assertThat(state.version())
                    .as("supply shed version after %s", lastSupplyShed.version())
                    .isGreaterThanOrEqualTo(lastSupplyShed.version());
            assertThat(state.completed())
                    .as("completed facilities")
                    .isGreaterThanOrEqualTo(lastSupplyShed.completed());
            assertThat(state.failed() + state.ungeocoded())
                    .as("failed facilities")
                    .isGreaterThanOrEqualTo(lastSupplyShed.failed() + lastSupplyShed.ungeocoded());
            assertThat(state.queued())
                    .as("queued facilities")
                    .isLessThanOrEqualTo(lastSupplyShed.queued());
            lastSupplyShed = state;
        }

        private static void checkCounts(SupplyShedProgress answer, String source) {
            long open = answer.queued() + answer.preprocessing() + answer.processing();
            assertThat(answer.total()).as("%s: total", source).isEqualTo(FACILITIES);
            assertThat(open + answer.completed() + answer.failed())
                    .as("%s: queued + running + completed + failed in %s", source, answer)
                    .isEqualTo(answer.total());
            assertThat(answer.ungeocoded())
                    .as("%s: ungeocoded in %s", source, answer)
                    .isBetween(0L, answer.failed());
            assertThat(answer.complete()).as("%s: complete", source).isEqualTo(open == 0);
        }

        private void checkBatchProcess(BatchProcessState state) {
            BatchProcessProgress answer = ProgressCalculator.batchProcess(state);
            assertThat(state.version())
                    .as("batch process version after %s", lastBatchProcess.version())
                    .isGreaterThanOrEqualTo(lastBatchProcess.version());
            if (answer.progress() == 100) {
                assertThat(state.stage(answer.stage()).status())
                        .as("status of current stage %d at 100%% in %s", answer.stage(), state)
                        .isEqualTo(StageStatus.SUCCEEDED);
            }
            for (int stage = 1; stage <= STAGES.size(); stage++) {
                StageState now = state.stage(stage);
                StageState before = lastBatchProcess.stage(stage);
                assertThat(now.total())
                        .as("tasks of stage %d", stage)
                        .isGreaterThanOrEqualTo(before.total());
                assertThat(now.succeeded() + now.failed())
                        .as("ended tasks of stage %d", stage)
                        .isGreaterThanOrEqualTo(before.succeeded() + before.failed());
            }
            lastBatchProcess = state;
        }
    }
}
