package dev.batchprogress.jmh;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Events recorded per second by {@link InMemoryRunStore}, on one thread and on two.
 *
 * <p>Every event goes through the public recorder API and is validated: the run is looked up, the
 * facility number and the transition are checked under the facility's stripe lock, and a repeated
 * event is recognised. Transitions only move forward, so a facility takes at most eight events
 * (seven flows, then completed), and a sustained stream of events that change state needs new
 * facilities all the time. {@link LargeRuns} therefore registers runs of 2^24 facilities before
 * measuring (one byte each, 16 stripes of 2^20), and each thread moves its share of them through
 * the flows in waves: flow 1 for every facility, then flow 2, and so on, then the next run.
 *
 * <ul>
 *   <li>{@link #freshEvents}: one thread. Expected: at least 5 × 10^7 events per second, and no
 *       allocation (the {@code gc.alloc.rate.norm} of {@code -prof gc} near 0 bytes per event).
 *   <li>{@link #freshEventsTwoThreads}: two threads on different halves of the same runs, so on
 *       different stripes. Expected: at least 1.5 times one thread.
 *   <li>{@link #redeliveries} and {@link #redeliveriesTwoThreads}: a run of 1,000 facilities has
 *       one stripe and runs out of new events at once, so these record the same events again. Each
 *       is validated under the stripe's lock and returns {@link Recorded#ALREADY_APPLIED}. Two
 *       threads contend for the one lock, so expect no gain over one thread.
 *   <li>{@link #plainStatusWrite}: the alternative, what an orchestrator without this library does
 *       per event: store the new status in the facility's object, with no lock, no check and no
 *       counters. The same wave order, on one thread; it is the floor that ours pays above.
 *   <li>{@link #lockOnly}: the baseline, a write lock taken and released with nothing between,
 *       which shows how much of an event's cost is the lock's.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordingBenchmark {

    private static final int FLOWS = SupplyShedFixture.FLOWS;

    /** Runs of queued facilities, registered before measuring, that the fresh events move. */
    @State(Scope.Benchmark)
    public static class LargeRuns {

        /** Facilities per run; 2^24 gives 16 stripes of 2^20 facilities. */
        @Param("16777216")
        public int facilitiesPerRun;

        /** How many runs; 16 runs of 2^24 facilities take 256 MiB and hold 2.1 × 10^9 events. */
        @Param("16")
        public int runCount;

        InMemoryRunStore store;
        TrackingId[] runs;

        @Setup(Level.Trial)
        public void register() {
            store = InMemoryRunStore.create();
            runs = new TrackingId[runCount];
            for (int i = 0; i < runCount; i++) {
                runs[i] = SupplyShedFixture.register(store, i + 1, facilitiesPerRun);
            }
        }
    }

    /** One thread's place in the walk: its share of every run, the run, the next step. */
    @State(Scope.Thread)
    public static class Walk {

        int first;
        int end;
        int facility;
        int step;
        int run;

        @Setup(Level.Trial)
        public void place(LargeRuns runs, ThreadParams thread) {
            int share = runs.facilitiesPerRun / thread.getThreadCount();
            first = share * thread.getThreadIndex();
            end = first + share;
            facility = first;
            step = 1;
            run = 0;
        }

        /** Moves to the next facility of the share, then to the next step, then the next run. */
        void advance(int runCount) {
            if (++facility < end) {
                return;
            }
            facility = first;
            if (++step <= FLOWS + 1) {
                return;
            }
            step = 1;
            if (++run == runCount) {
                throw new IllegalStateException(
                        "every facility of the "
                                + runCount
                                + " runs is complete; raise the runCount parameter");
            }
        }
    }

    /** A run of 1,000 facilities, one stripe, with every facility in flow 1. */
    @State(Scope.Benchmark)
    public static class SmallRun {

        static final int FACILITIES = 1000;

        InMemoryRunStore store;
        TrackingId run;

        @Setup(Level.Trial)
        public void register() {
            store = InMemoryRunStore.create();
            run = SupplyShedFixture.register(store, 1, FACILITIES);
            for (int facility = 0; facility < FACILITIES; facility++) {
                store.moveFacility(run, facility, 1);
            }
        }
    }

    /** The facility a thread redelivers to next, starting from its own part of the small run. */
    @State(Scope.Thread)
    public static class Cursor {

        int facility;

        @Setup(Level.Trial)
        public void place(ThreadParams thread) {
            facility = SmallRun.FACILITIES / thread.getThreadCount() * thread.getThreadIndex();
        }

        int next() {
            int current = facility;
            facility = current + 1 == SmallRun.FACILITIES ? 0 : current + 1;
            return current;
        }
    }

    /** One object per facility, updated in the same wave order as the fresh events. */
    @State(Scope.Thread)
    public static class PlainRecords {

        /** Facility objects to cycle through; 2^22 of them take about 80 MiB. */
        @Param("4194304")
        public int plainFacilities;

        FacilityRecord[] records;
        int facility;
        int step;

        @Setup(Level.Trial)
        public void allocate() {
            records = SupplyShedFixture.records(new byte[plainFacilities]);
            facility = 0;
            step = 1;
        }
    }

    /** Records a validated event that moves a queued or running facility on (ours, one thread). */
    @Benchmark
    @Threads(1)
    public Recorded freshEvents(LargeRuns runs, Walk walk) {
        return recordNext(runs, walk);
    }

    /** Records fresh events from two threads on different stripes of the same runs (ours). */
    @Benchmark
    @Threads(2)
    public Recorded freshEventsTwoThreads(LargeRuns runs, Walk walk) {
        return recordNext(runs, walk);
    }

    /** Redelivers an event the small run has already applied (ours, one thread). */
    @Benchmark
    @Threads(1)
    public Recorded redeliveries(SmallRun small, Cursor cursor) {
        return small.store.moveFacility(small.run, cursor.next(), 1);
    }

    /** Redelivers events from two threads to the one stripe of the small run (ours). */
    @Benchmark
    @Threads(2)
    public Recorded redeliveriesTwoThreads(SmallRun small, Cursor cursor) {
        return small.store.moveFacility(small.run, cursor.next(), 1);
    }

    /** A lock of its own, for the baseline. */
    @State(Scope.Thread)
    public static class Lock {

        final StampedLock lock = new StampedLock();
    }

    /**
     * Takes and releases a {@code StampedLock}'s write lock, as every event does, and nothing else
     * (the baseline): the part of an event's cost that the lock alone takes.
     */
    @Benchmark
    @Threads(1)
    public long lockOnly(Lock lock) {
        long stamp = lock.lock.writeLock();
        lock.lock.unlockWrite(stamp);
        return stamp;
    }

    /** Overwrites the status field of the facility's object (the alternative). */
    @Benchmark
    @Threads(1)
    public FacilityStatus plainStatusWrite(PlainRecords plain) {
        FacilityStatus status = FacilityStatus.ofCode(plain.step);
        plain.records[plain.facility].status = status;
        if (++plain.facility == plain.records.length) {
            plain.facility = 0;
            plain.step = plain.step == FLOWS + 1 ? 1 : plain.step + 1;
        }
        return status;
    }

    private static Recorded recordNext(LargeRuns runs, Walk walk) {
        TrackingId run = runs.runs[walk.run];
        int facility = walk.facility;
        int step = walk.step;
        walk.advance(runs.runCount);
        if (step <= FLOWS) {
            return runs.store.moveFacility(run, facility, step);
        }
        return runs.store.completeFacility(run, facility);
    }
}
