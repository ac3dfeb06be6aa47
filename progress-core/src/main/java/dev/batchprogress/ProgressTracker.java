package dev.batchprogress;

import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Resolves progress queries: checks the caller's permission, applies the query's parameter rules,
 * looks the runs up within the caller's visibility scope, and computes the answer.
 *
 * <p>The checks run in this order, and the first failure throws: the caller lacks {@link
 * Permission#READ} ({@link PermissionDeniedException}); the query string could not be decoded or
 * holds a control character; {@code dummy_data} is not a boolean ({@link
 * QueryValidationException}); not exactly one of {@code filename}, {@code tracking_id}, {@code
 * tracking_ids}; {@code tracking_id} or {@code filename} repeated; no or more than 1000 distinct
 * tracking ids; {@code filename} not a content hash (all {@link InvalidQueryException}). Then
 * {@code dummy_data} answers without a lookup; otherwise an id that names no visible run throws
 * {@link RunNotFoundException}, and tracking ids that are not all supply shed runs throw {@link
 * InvalidQueryException}.
 *
 * <p>A run of another organization answers exactly like a missing one, unless the caller holds
 * {@link Permission#READ_ALL_ORGANIZATIONS}. Each query asks the source once (a {@code filename}
 * that is not itself a tracking id asks twice), however many ids it names.
 *
 * <p>Note that the answer is as fresh as the source: an in-memory store answers every write made
 * before the query, a caching source may answer a state up to its staleness bound old.
 */
public final class ProgressTracker {

    private static final System.Logger LOG = System.getLogger(ProgressTracker.class.getName());

    private static final BatchProcessProgress DUMMY_BATCH_PROCESS =
            new BatchProcessProgress(4, 2, 50, false, false, 37, null);
    private static final SupplyShedProgress DUMMY_SUPPLY_SHED =
            new SupplyShedProgress(false, 100, 5, 7, 60, 5, 8, 20, null);

    /** The minimum time between two warnings about an unavailable source: 10 seconds. */
    private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

    private final RunStateSource source;
    private final AtomicLong lastWarningNanos =
            new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);
    private final AtomicLong suppressedWarnings = new AtomicLong();

    private ProgressTracker(RunStateSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Returns a tracker that reads run state from a source.
     *
     * @param source where run state is read from
     * @return the tracker
     */
    public static ProgressTracker create(RunStateSource source) {
        return new ProgressTracker(source);
    }

    /**
     * Computes the progress a query requests for a caller.
     *
     * @param caller the authenticated caller
     * @param query the query
     * @return the progress, in the shape of the run's kind for {@code tracking_id} and {@code
     *     filename}, and the combined supply shed shape for {@code tracking_ids}
     * @throws PermissionDeniedException if the caller lacks {@link Permission#READ}
     * @throws QueryValidationException if {@code dummy_data} is not a boolean
     * @throws InvalidQueryException if the query breaks a parameter rule
     * @throws RunNotFoundException if an id names no run the caller may see
     * @throws ProgressUnavailableException if the source failed, or broke its contract: returned
     *     null, a run that was not requested or is outside the caller's scope, or supply shed runs
     *     whose counts add up to more than {@link Long#MAX_VALUE}
     */
    public Progress progress(Caller caller, ProgressQuery query) {
        return answer(caller, query).progress();
    }

    /**
     * Computes the progress a query requests for a caller, with the snapshots the answer was
     * computed from.
     *
     * @param caller the authenticated caller
     * @param query the query
     * @return the answer and the distinct runs it covers
     * @throws ProgressException as {@link #progress(Caller, ProgressQuery)}
     */
    public ProgressAnswer answer(Caller caller, ProgressQuery query) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(query, "query");
        if (!caller.has(Permission.READ)) {
            throw new PermissionDeniedException();
        }
        ResolvedQuery resolved = QueryRules.resolve(query);
        VisibilityScope scope = caller.scope();
        if (resolved.dummyData()) {
            return new ProgressAnswer(
                    resolved instanceof ResolvedQuery.Several
                            ? DUMMY_SUPPLY_SHED
                            : DUMMY_BATCH_PROCESS,
                    List.of(),
                    resolved.shape());
        }
        try {
            return lookUp(scope, resolved);
        } catch (ProgressUnavailableException unavailable) {
            logUnavailable(caller, unavailable);
            throw unavailable;
        }
    }

    /**
     * Returns a builder of a feed that publishes this tracker's answers to a query as they change,
     * as a {@link java.util.concurrent.Flow.Publisher}.
     *
     * @return a builder with the default interval of {@link ProgressFeed#DEFAULT_INTERVAL}
     */
    public ProgressFeed.Builder feed() {
        return ProgressFeed.builder(this);
    }

    /**
     * Logs an unavailable source at WARNING with its stack trace at most once per {@link
     * #WARNING_INTERVAL_NANOS}, and at DEBUG otherwise, so an outage does not flood the log.
     */
    private void logUnavailable(Caller caller, ProgressUnavailableException unavailable) {
        long now = System.nanoTime();
        long last = lastWarningNanos.get();
        boolean warn =
                now - last >= WARNING_INTERVAL_NANOS && lastWarningNanos.compareAndSet(last, now);
        long suppressed =
                warn ? suppressedWarnings.getAndSet(0) : suppressedWarnings.incrementAndGet();
        String message =
                "run-state source is unavailable for caller '"
                        + caller.subject()
                        + "': "
                        + unavailable.getMessage()
                        + "; answering 503";
        if (warn) {
            LOG.log(
                    Level.WARNING,
                    message + " (" + suppressed + " more since the last warning)",
                    unavailable.getCause());
        } else {
            LOG.log(Level.DEBUG, message);
        }
    }

    private ProgressAnswer lookUp(VisibilityScope scope, ResolvedQuery resolved) {
        if (resolved instanceof ResolvedQuery.One one) {
            return one(scope, one);
        }
        if (resolved instanceof ResolvedQuery.Several several) {
            return several(scope, several);
        }
        return byFilename(scope, (ResolvedQuery.ByFilename) resolved);
    }

    private ProgressAnswer one(VisibilityScope scope, ResolvedQuery.One query) {
        RunState state = load(scope, List.of(query.trackingId())).get(query.trackingId());
        if (state == null) {
            throw new RunNotFoundException(query.trackingId().echo());
        }
        return new ProgressAnswer(
                ProgressCalculator.progress(state), List.of(state), QueryShape.TRACKING_ID);
    }

    private ProgressAnswer several(VisibilityScope scope, ResolvedQuery.Several query) {
        Map<TrackingId, RunState> found = load(scope, query.distinct());
        for (TrackingId trackingId : query.requested()) {
            if (!found.containsKey(trackingId)) {
                throw new RunNotFoundException(trackingId.echo());
            }
        }
        List<SupplyShedState> supplySheds = new ArrayList<>(query.distinct().size());
        List<RunState> runs = new ArrayList<>(query.distinct().size());
        for (TrackingId trackingId : query.distinct()) {
            RunState state = Objects.requireNonNull(found.get(trackingId));
            if (!(state instanceof SupplyShedState supplyShed)) {
                throw new InvalidQueryException(Details.ALL_SUPPLY_SHED);
            }
            supplySheds.add(supplyShed);
            runs.add(state);
        }
        SupplyShedProgress combined;
        try {
            combined = ProgressCalculator.combine(supplySheds);
        } catch (ArithmeticException overflow) {
            // Each state is valid alone, but a source that reports more than Long.MAX_VALUE
            // facilities in total is broken, like one that returns an invalid state.
            throw unavailable(query.distinct(), overflow);
        }
        return new ProgressAnswer(combined, runs, QueryShape.TRACKING_IDS);
    }

    private ProgressAnswer byFilename(VisibilityScope scope, ResolvedQuery.ByFilename query) {
        TrackingId filename = query.filename();
        RunState state = load(scope, List.of(filename)).get(filename);
        if (state == null) {
            state = findLatestByFilename(scope, filename).orElse(null);
        }
        if (state == null) {
            throw new RunNotFoundException(filename.echo());
        }
        return new ProgressAnswer(
                ProgressCalculator.progress(state), List.of(state), QueryShape.FILENAME);
    }

    private Map<TrackingId, RunState> load(VisibilityScope scope, List<TrackingId> trackingIds) {
        Map<TrackingId, RunState> found;
        try {
            found = source.load(scope, trackingIds);
        } catch (RuntimeException failure) {
            throw unavailable(trackingIds, failure);
        }
        if (found == null) {
            throw unavailable(trackingIds, new IllegalStateException("source returned null"));
        }
        if (!found.isEmpty()) {
            Set<TrackingId> asked = trackingIds.size() == 1 ? Set.of() : Set.copyOf(trackingIds);
            for (Map.Entry<TrackingId, RunState> entry : found.entrySet()) {
                TrackingId key = entry.getKey();
                boolean wasAsked =
                        asked.isEmpty() ? key.equals(trackingIds.get(0)) : asked.contains(key);
                checkReturned(scope, wasAsked, trackingIds, key, entry.getValue());
            }
        }
        return found;
    }

    private Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        Optional<RunState> found;
        try {
            found = source.findLatestByFilename(scope, filename);
        } catch (RuntimeException failure) {
            throw unavailable(List.of(filename), failure);
        }
        if (found == null) {
            throw unavailable(List.of(filename), new IllegalStateException("source returned null"));
        }
        if (found.isPresent()) {
            RunState state = found.get();
            boolean sameFile = state.filename().map(filename::equals).orElse(false);
            if (!sameFile || !scope.includes(state.organization())) {
                throw unavailable(
                        List.of(filename),
                        new IllegalStateException(
                                "source returned run "
                                        + state.trackingId().echo()
                                        + " for another file"
                                        + " or outside "
                                        + scope));
            }
        }
        return found;
    }

    /**
     * Checks that a source returned only requested ids, each with a state under its own id, and
     * only runs within the scope. A source that breaks them is treated as unavailable, so a faulty
     * source cannot leak another organization's run.
     */
    private static void checkReturned(
            VisibilityScope scope,
            boolean wasAsked,
            List<TrackingId> asked,
            TrackingId key,
            @Nullable RunState state) {
        if (state == null) {
            throw unavailable(
                    asked,
                    new IllegalStateException(
                            "source returned null in place of the state of " + key.echo()));
        }
        if (!wasAsked || !key.equals(state.trackingId()) || !scope.includes(state.organization())) {
            throw unavailable(
                    asked,
                    new IllegalStateException(
                            "source returned run "
                                    + state.trackingId().echo()
                                    + " under id "
                                    + key.echo()
                                    + ", not asked for or outside "
                                    + scope));
        }
    }

    private static ProgressUnavailableException unavailable(
            List<TrackingId> trackingIds, RuntimeException failure) {
        List<String> ids = trackingIds.stream().limit(10).map(TrackingId::echo).toList();
        return new ProgressUnavailableException(
                "run-state source failed for tracking ids " + ids + ": " + failure.getMessage(),
                failure);
    }
}
