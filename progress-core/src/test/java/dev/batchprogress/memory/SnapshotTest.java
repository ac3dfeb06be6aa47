package dev.batchprogress.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Snapshots of the in-memory engine: the reuse of an unchanged supply shed snapshot, the retry of
 * an optimistic read that a write overtook, the fallback to read locks, and the dating of changes.
 *
 * <p>A snapshot reads the clock once it sees a version that no snapshot saw before, after it has
 * read the counts and before it validates its optimistic stamps. {@link InterruptingClock} uses
 * that moment to record an event from another thread, so a test places a write inside a read
 * deterministically, without racing threads.
 */
class SnapshotTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "5e".repeat(32));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Three stripes of 65,536 facilities and a fourth one of 3,392. */
    private static final int STRIPED_FACILITIES = 200_000;

    private static final int LAST_FACILITY = STRIPED_FACILITIES - 1;

    private final InterruptingClock clock = new InterruptingClock();
    private final InMemoryRunStore store = InMemoryRunStore.withClock(clock);
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWriter() {
        writer.shutdownNow();
    }

    private RunState snapshot() {
        return store.load(VisibilityScope.all(), List.of(RUN)).get(RUN);
    }

    /**
     * Records an event from the writer thread and waits for it. A write that a held lock blocks
     * does not finish within the wait, which the test then reports.
     */
    private void recordFromWriter(Runnable event) {
        Future<?> done = writer.submit(event);
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException blocked) {
            clock.blockedWrites++;
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("the write inside the snapshot failed", e);
        }
    }

    @Nested
    class SupplyShed {

        SupplyShed() {
            store.register(
                    RunRegistration.supplyShed(
                            RUN, "acme", Pipeline.SUPPLY_SHED, STRIPED_FACILITIES));
            store.moveFacility(RUN, 0, 1);
        }

        private SupplyShedState supplyShed() {
            return (SupplyShedState) snapshot();
        }

        @Test
        void unchangedRun_returnsTheSameSnapshot() {
            SupplyShedState first = supplyShed();

            assertThat(supplyShed()).isSameAs(first);
        }

        @Test
        void changeInLastStripe_makesANewSnapshot() {
            SupplyShedState before = supplyShed();

            store.failFacility(RUN, LAST_FACILITY);
            SupplyShedState after = supplyShed();

            assertThat(after.failed()).isEqualTo(before.failed() + 1);
            assertThat(after.queued()).isEqualTo(before.queued() - 1);
            assertThat(after.version()).isEqualTo(before.version() + 1);
        }

        @Test
        void skip_makesANewSnapshotWithTheReason() {
            SupplyShedState before = supplyShed();

            store.skip(RUN, "low - not processed");
            SupplyShedState after = supplyShed();

            assertThat(after.skipReason()).contains("low - not processed");
            assertThat(after.version()).isEqualTo(before.version() + 1);
        }

        @Test
        void writeDuringRead_isRetriedAndCounted() {
            clock.interruptReads(
                    1, call -> recordFromWriter(() -> store.failFacility(RUN, LAST_FACILITY)));

            SupplyShedState state = supplyShed();

            assertThat(clock.blockedWrites).isZero();
            assertThat(clock.reads).isEqualTo(2);
            assertThat(state.failed()).isEqualTo(1);
            assertThat(state.queued()).isEqualTo(STRIPED_FACILITIES - 2);
            assertThat(state.version()).isEqualTo(2);
        }

        @Test
        void writeDuringEveryOptimisticRead_fallsBackToReadLocks() {
            int writes = SupplyShedRun.OPTIMISTIC_ATTEMPTS;
            clock.interruptReads(
                    writes,
                    call -> recordFromWriter(() -> store.failFacility(RUN, LAST_FACILITY - call)));

            SupplyShedState state = supplyShed();

            assertThat(clock.blockedWrites).isZero();
            assertThat(clock.reads).isEqualTo(writes + 1);
            assertThat(state.failed()).isEqualTo(writes);
            assertThat(state.queued()).isEqualTo(STRIPED_FACILITIES - 1 - writes);
            assertThat(state.version()).isEqualTo(1 + writes);
        }

        @Test
        void snapshotAfterLockedRead_seesLaterWrites() {
            int writes = SupplyShedRun.OPTIMISTIC_ATTEMPTS;
            clock.interruptReads(
                    writes,
                    call -> recordFromWriter(() -> store.failFacility(RUN, LAST_FACILITY - call)));
            supplyShed();

            recordFromWriter(() -> store.failFacility(RUN, 0));

            assertThat(clock.blockedWrites).isZero();
            assertThat(supplyShed().failed()).isEqualTo(writes + 1);
        }
    }

    @Nested
    class BatchProcess {

        private static final int TASKS = 10;

        BatchProcess() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
            store.startStage(RUN, 1);
            store.addTasks(RUN, 1, 0, TASKS);
        }

        private StageState firstStage() {
            return ((BatchProcessState) snapshot()).stage(1);
        }

        @Test
        void writeDuringRead_isRetriedAndCounted() {
            clock.interruptReads(
                    1,
                    call ->
                            recordFromWriter(
                                    () ->
                                            store.recordTaskOutcome(
                                                    RUN, 1, 0, TaskOutcome.SUCCEEDED)));

            StageState stage = firstStage();

            assertThat(clock.blockedWrites).isZero();
            assertThat(clock.reads).isEqualTo(2);
            assertThat(stage).isEqualTo(new StageState(StageStatus.RUNNING, TASKS, 1, 0));
        }

        @Test
        void writeDuringEveryOptimisticRead_fallsBackToTheReadLock() {
            int writes = BatchProcessRun.OPTIMISTIC_ATTEMPTS;
            clock.interruptReads(
                    writes,
                    call ->
                            recordFromWriter(
                                    () ->
                                            store.recordTaskOutcome(
                                                    RUN, 1, call, TaskOutcome.FAILED)));

            BatchProcessState state = (BatchProcessState) snapshot();

            assertThat(clock.blockedWrites).isZero();
            assertThat(clock.reads).isEqualTo(writes + 1);
            assertThat(state.stage(1))
                    .isEqualTo(new StageState(StageStatus.RUNNING, TASKS, 0, writes));
            assertThat(state.version()).isEqualTo(2 + writes);
        }

        @Test
        void snapshotAfterLockedRead_seesLaterWrites() {
            int writes = BatchProcessRun.OPTIMISTIC_ATTEMPTS;
            clock.interruptReads(
                    writes,
                    call ->
                            recordFromWriter(
                                    () ->
                                            store.recordTaskOutcome(
                                                    RUN, 1, call, TaskOutcome.FAILED)));
            snapshot();

            recordFromWriter(() -> store.recordTaskOutcome(RUN, 1, writes, TaskOutcome.SUCCEEDED));

            assertThat(clock.blockedWrites).isZero();
            assertThat(firstStage())
                    .isEqualTo(new StageState(StageStatus.RUNNING, TASKS, 1, writes));
        }
    }

    @Nested
    class ChangeTimes {

        ChangeTimes() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
        }

        @Test
        void change_isDatedWhenASnapshotFirstSeesIt() {
            store.startStage(RUN, 1);
            clock.now = START.plusSeconds(30);

            assertThat(snapshot().changedAt()).isEqualTo(START.plusSeconds(30));
        }

        @Test
        void laterSnapshotOfUnchangedRun_keepsTheChangeTime() {
            store.startStage(RUN, 1);
            clock.now = START.plusSeconds(30);
            snapshot();

            clock.now = START.plusSeconds(90);

            assertThat(snapshot().changedAt()).isEqualTo(START.plusSeconds(30));
        }

        @Test
        void clockGoingBack_neverDatesAChangeEarlier() {
            store.startStage(RUN, 1);
            clock.now = START.plusSeconds(30);
            snapshot();

            clock.now = START.plusSeconds(10);
            store.addTasks(RUN, 1, 0, 1);

            assertThat(snapshot().changedAt()).isEqualTo(START.plusSeconds(30));
        }

        @Test
        void changeAfterClockMovedOn_isDatedLater() {
            store.startStage(RUN, 1);
            clock.now = START.plusSeconds(30);
            snapshot();

            clock.now = START.plusSeconds(60);
            store.addTasks(RUN, 1, 0, 1);

            assertThat(snapshot().changedAt()).isEqualTo(START.plusSeconds(60));
        }
    }

    /**
     * The stripes of a supply shed run: at least 65,536 facilities each, at most 16, so that a
     * small run takes one lock and a huge one spreads its writers over 16.
     */
    @ParameterizedTest(name = "{0} facilities -> {1} stripes")
    @CsvSource({
        "0, 1",
        "1, 1",
        "65536, 1",
        "65537, 2",
        "200000, 4",
        "1048576, 16",
        "1048577, 9",
        "2097152, 16"
    })
    void supplyShedRun_stripesBySize(int facilities, int stripes) {
        SupplyShedRun run =
                new SupplyShedRun(
                        RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, facilities),
                        0,
                        clock);

        assertThat(run.stripeCount()).isEqualTo(stripes);
    }

    /**
     * A clock set by hand that, once armed, runs an action on each of its first reads. Only
     * snapshots read the clock after registration, so each armed read is one snapshot's read.
     */
    static final class InterruptingClock implements InstantSource {

        Instant now = START;
        int reads;
        int blockedWrites;
        private int interruptions;
        private IntConsumer action = call -> {};

        /**
         * Runs an action, given the 0-based read number, on each of the next {@code count} reads.
         */
        void interruptReads(int count, IntConsumer action) {
            this.interruptions = count;
            this.action = action;
            this.reads = 0;
        }

        @Override
        public Instant instant() {
            int call = reads++;
            if (call < interruptions) {
                action.accept(call);
            }
            return now;
        }
    }
}
