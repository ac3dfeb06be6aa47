package dev.batchprogress;

import dev.batchprogress.calculator.DetailsCalculator;
import dev.batchprogress.calculator.EtaCalculator;
import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.details.Eta;
import dev.batchprogress.details.ProgressDetails;
import dev.batchprogress.details.RunDetails;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
 * <p>{@link #details} breaks the same answer down per run, with an estimate of the time left that
 * the tracker learns from the snapshots that breakdown queries load (see {@link Builder}).
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

    /** The default length of the window whose observations the time left is estimated from. */
    public static final Duration DEFAULT_ETA_WINDOW = Duration.ofMinutes(15);

    private final RunStateSource source;
    private final InstantSource clock;
    private final RunObservations observations;
    private final LongSupplier nanoTime;
    private final AtomicLong lastWarningNanos;
    private final AtomicLong suppressedWarnings = new AtomicLong();

    private ProgressTracker(
            RunStateSource source, InstantSource clock, Duration etaWindow, LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observations = new RunObservations(clock, etaWindow);
        this.nanoTime = nanoTime;
        this.lastWarningNanos = new AtomicLong(nanoTime.getAsLong() - WARNING_INTERVAL_NANOS);
    }

    /**
     * Returns a tracker that reads run state from a source, with the system clock and the default
     * estimate window.
     *
     * @param source where run state is read from
     * @return the tracker
     */
    public static ProgressTracker create(RunStateSource source) {
        return builder(source).build();
    }

    /** Returns a tracker that times its warnings with a given clock, for tests of the log. */
    static ProgressTracker create(RunStateSource source, LongSupplier nanoTime) {
        return new ProgressTracker(source, InstantSource.system(), DEFAULT_ETA_WINDOW, nanoTime);
    }

    /**
     * Returns a builder of a tracker that reads run state from a source.
     *
     * @param source where run state is read from
     * @return a builder with the system clock and a window of {@link #DEFAULT_ETA_WINDOW}
     */
    public static Builder builder(RunStateSource source) {
        return new Builder(source);
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
     * Breaks down the answer to a query per run: per stage of a batch process its state and task
     * counts, per flow of a supply shed how many facilities run it, the elapsed time, and an
     * estimate of the time left.
     *
     * <p>The query goes through exactly the checks of {@link #progress(Caller, ProgressQuery)}, in
     * the same order, with the same exceptions and the same source loads, and {@link
     * ProgressDetails#progress()} is the answer {@code progress} would give. Each run's snapshot is
     * added to that run's history within the caller's visibility scope, and the estimate is
     * computed from that history ({@link EtaCalculator}).
     *
     * <p>Note that only breakdown queries feed the histories: a run whose breakdown is asked for
     * the first time has at most two observations, its registration and its current state, and so
     * an unknown estimate until a later query sees it changed.
     *
     * @param caller the authenticated caller
     * @param query the query
     * @return the answer, the time it was computed at, and one breakdown per distinct run, or no
     *     breakdown for a dummy answer
     * @throws ProgressException as {@link #progress(Caller, ProgressQuery)}
     */
    public ProgressDetails details(Caller caller, ProgressQuery query) {
        ProgressAnswer answer = answer(caller, query);
        Instant now = clock.instant();
        VisibilityScope scope = caller.scope();
        List<RunDetails> runs = new ArrayList<>(answer.runs().size());
        for (RunState state : answer.runs()) {
            Eta eta =
                    EtaCalculator.estimate(
                            observations.observe(scope, state, now),
                            now,
                            state.finished(),
                            observations.window());
            runs.add(DetailsCalculator.details(state, now, eta));
        }
        return new ProgressDetails(now, answer.progress(), runs);
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
        long now = nanoTime.getAsLong();
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

    /** Configures a {@link ProgressTracker}. Builders are not thread-safe. */
    public static final class Builder {
        private final RunStateSource source;
        private InstantSource clock = InstantSource.system();
        private Duration etaWindow = DEFAULT_ETA_WINDOW;

        private Builder(RunStateSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Sets the clock of breakdowns: their time, the elapsed time of runs in progress, and the
         * end of the estimate window. Use the clock that dates the runs' changes, such as the one
         * given to {@link dev.batchprogress.memory.InMemoryRunStore#withClock}.
         *
         * @param clock the clock; the system clock by default
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the length of the sliding window whose observations the time left is estimated from.
         * A longer window smooths bursts but follows a change of pace later.
         *
         * @param window a positive duration; {@link #DEFAULT_ETA_WINDOW} by default
         * @return this builder
         * @throws IllegalArgumentException if the window is zero or negative
         */
        public Builder etaWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException(
                        "estimate window " + window + " is invalid; expected a positive duration");
            }
            this.etaWindow = window;
            return this;
        }

        /**
         * Builds the tracker.
         *
         * @return the tracker
         */
        public ProgressTracker build() {
            return new ProgressTracker(source, clock, etaWindow, System::nanoTime);
        }
    }
}
