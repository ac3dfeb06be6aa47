package dev.batchprogress.jmh;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import java.util.ArrayList;
import java.util.List;
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
 * The cost of one {@code tracking_ids} query that combines 1 to 1,000 supply shed runs.
 *
 * <p>{@link #combinedQuery} queries {@link ProgressTracker} once with every id: the tracker checks
 * the ids, loads every run from {@link InMemoryRunStore} in one call and sums the counts. {@link
 * #perRunQueries} is what a client does without the parameter: one {@code tracking_id} query per
 * run, summed by the client. Each run has 1,000 facilities spread over every state by a seeded
 * random; both return the same progress, which the setup checks. Expected: both linear in the
 * number of runs, the combined query no slower per run than the separate ones, which over HTTP
 * would also cost a round trip each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CombinedQueryBenchmark {

    private static final long SEED = 20_240_604L;
    private static final int FACILITIES_PER_RUN = 1000;

    @Param({"1", "10", "100", "1000"})
    public int runs;

    private ProgressTracker tracker;
    private ProgressQuery combined;
    private List<ProgressQuery> separate;

    @Setup(Level.Trial)
    public void recordRuns() {
        InMemoryRunStore store = InMemoryRunStore.create();
        List<String> ids = new ArrayList<>();
        separate = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            TrackingId run = SupplyShedFixture.register(store, i, FACILITIES_PER_RUN);
            SupplyShedFixture.drive(
                    store, run, SupplyShedFixture.spreadStates(FACILITIES_PER_RUN, SEED + i));
            ids.add(run.value());
            separate.add(ProgressQuery.ofTrackingId(run.value()));
        }
        tracker = ProgressTracker.create(store);
        combined = ProgressQuery.ofTrackingIds(ids);

        Progress ours = combinedQuery();
        SupplyShedProgress summed = perRunQueries();
        if (!ours.equals(summed)) {
            throw new IllegalStateException(
                    "the combined query returned " + ours + " but the sum is " + summed);
        }
    }

    /** Queries every run at once with {@code tracking_ids} (ours). */
    @Benchmark
    public Progress combinedQuery() {
        return tracker.progress(SupplyShedFixture.CALLER, combined);
    }

    /** Queries each run with {@code tracking_id} and sums the counts (the alternative). */
    @Benchmark
    public SupplyShedProgress perRunQueries() {
        boolean complete = true;
        long total = 0;
        long ungeocoded = 0;
        long failed = 0;
        long completed = 0;
        long queued = 0;
        long preprocessing = 0;
        long processing = 0;
        for (ProgressQuery query : separate) {
            SupplyShedProgress run =
                    (SupplyShedProgress) tracker.progress(SupplyShedFixture.CALLER, query);
            complete &= run.complete();
            total += run.total();
            ungeocoded += run.ungeocoded();
            failed += run.failed();
            completed += run.completed();
            queued += run.queued();
            preprocessing += run.preprocessing();
            processing += run.processing();
        }
        return new SupplyShedProgress(
                complete,
                total,
                ungeocoded,
                failed,
                completed,
                queued,
                preprocessing,
                processing,
                null);
    }
}
