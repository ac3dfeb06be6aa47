package dev.batchprogress.jmh;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one supply shed progress query as the run grows from 10 to 10 million facilities.
 *
 * <p>{@link #trackerQuery} calls {@link ProgressTracker} over {@link InMemoryRunStore}, which reads
 * counters that every event maintains, so its time should not grow with the run. The run does not
 * change while measured, so the store returns the snapshot it took for the first query; {@link
 * #trackerQueryAfterEvent} records one event before each query, so that the store takes a new
 * snapshot, and measures both. {@link #recomputeFromFacilities} is what an orchestrator that keeps
 * one status object per facility does: walk them all and count, so its time should grow linearly.
 *
 * <p>The facilities' states are drawn from a seeded random, and each setup checks its progress
 * against a count of those states. Each method builds only its own structure, so that the other's
 * millions of objects do not load its garbage collector. Expected: ours flat at a few hundred
 * nanoseconds, and at least 10^5 times faster than the walk at 10^7 facilities.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueryCostBenchmark {

    private static final long SEED = 20_240_601L;

    /** The run's size and the state of each facility. */
    @State(Scope.Benchmark)
    public static class Facilities {

        @Param({"10", "1000", "100000", "10000000"})
        public int facilities;

        byte[] codes;
        SupplyShedProgress expected;

        @Setup(Level.Trial)
        public void drawStates() {
            codes = SupplyShedFixture.spreadStates(facilities, SEED);
            expected = Recompute.expected(codes);
        }
    }

    /** The run recorded event by event in the in-memory store, and the query for it. */
    @State(Scope.Benchmark)
    public static class RecordedRun {

        InMemoryRunStore store;
        TrackingId id;
        ProgressTracker tracker;
        ProgressQuery query;
        int facilityInFlow;
        int flow;

        @Setup(Level.Trial)
        public void record(Facilities run) {
            store = InMemoryRunStore.create();
            id = SupplyShedFixture.register(store, 1, run.facilities);
            SupplyShedFixture.drive(store, id, run.codes);
            tracker = ProgressTracker.create(store);
            query = ProgressQuery.ofTrackingId(id.value());
            check(tracker.progress(SupplyShedFixture.CALLER, query), run.expected);

            facilityInFlow = 0;
            while (run.codes[facilityInFlow] < 1
                    || run.codes[facilityInFlow] > SupplyShedFixture.FLOWS) {
                facilityInFlow++;
            }
            flow = run.codes[facilityInFlow];
        }
    }

    /** One status object per facility, allocated in order. */
    @State(Scope.Benchmark)
    public static class FacilityObjects {

        FacilityRecord[] records;

        @Setup(Level.Trial)
        public void allocate(Facilities run) {
            records = SupplyShedFixture.records(run.codes);
            check(Recompute.progress(records), run.expected);
        }
    }

    private static void check(Progress answer, Progress expected) {
        if (!answer.equals(expected)) {
            throw new IllegalStateException("returned " + answer + ", expected " + expected);
        }
    }

    /** Queries the tracker, which reads the run's counters and visits no facility (ours). */
    @Benchmark
    public Progress trackerQuery(RecordedRun run) {
        return run.tracker.progress(SupplyShedFixture.CALLER, run.query);
    }

    /**
     * Redelivers the event that moved a facility into its flow, which takes and releases the
     * stripe's write lock and so changes its stamp, then queries the tracker (ours after a change).
     */
    @Benchmark
    public Progress trackerQueryAfterEvent(RecordedRun run) {
        run.store.moveFacility(run.id, run.facilityInFlow, run.flow);
        return run.tracker.progress(SupplyShedFixture.CALLER, run.query);
    }

    /** Visits every facility object and counts its status (the alternative). */
    @Benchmark
    public SupplyShedProgress recomputeFromFacilities(FacilityObjects objects) {
        return Recompute.progress(objects.records);
    }
}
