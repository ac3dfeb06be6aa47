package dev.batchprogress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.batchprogress.calculator.EtaCalculator;
import dev.batchprogress.calculator.EtaCalculator.Observation;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The recent completed shares of runs, observed from the snapshots that breakdown queries load,
 * from which {@link EtaCalculator} estimates the time left.
 *
 * <p>Histories are keyed by (visibility scope, tracking id), so what one scope observed never
 * shapes another scope's estimate. Memory is bounded: at most {@value #MAX_RUNS} histories, each
 * dropped after a window without a query, and at most {@value #MAX_OBSERVATIONS} observations per
 * history, each dropped once it is older than the window. Thread-safe.
 */
final class RunObservations {

    /** The maximum number of runs with a history. */
    static final int MAX_RUNS = 10_000;

    /** The maximum number of observations kept per run. */
    static final int MAX_OBSERVATIONS = 32;

    private final Duration window;
    private final Cache<Key, History> histories;

    private record Key(VisibilityScope scope, TrackingId trackingId) {}

    RunObservations(InstantSource clock, Duration window) {
        Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        Ticker ticker =
                () -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                };
        this.histories =
                Caffeine.newBuilder()
                        .maximumSize(MAX_RUNS)
                        .expireAfterAccess(window)
                        .ticker(ticker)
                        .build();
    }

    /** Returns the length of the sliding window. */
    Duration window() {
        return window;
    }

    /**
     * Adds a snapshot to its run's history, unless the history holds that version or a newer one,
     * and returns the observations within the window, oldest first.
     *
     * @param scope the scope the snapshot was loaded in
     * @param state the snapshot
     * @param now the current time
     * @return the observations, the snapshot's own among them unless a newer one was seen
     */
    List<Observation> observe(VisibilityScope scope, RunState state, Instant now) {
        Key key = new Key(scope, state.trackingId());
        History history = histories.get(key, unused -> new History(state));
        List<Observation> observations = history.observe(state, now, window);
        if (observations == null) {
            // Another run took this id, so its history starts anew.
            History fresh = new History(state);
            histories.put(key, fresh);
            observations = Objects.requireNonNull(fresh.observe(state, now, window));
        }
        return observations;
    }

    /**
     * The observations of one run in a ring of primitive arrays, about 16 bytes each. The run is
     * identified by its organization and registration time besides its id.
     */
    private static final class History {
        private final String organization;
        private final Instant registeredAt;
        private final long[] epochNanos = new long[MAX_OBSERVATIONS];
        private final double[] shares = new double[MAX_OBSERVATIONS];
        private int first;
        private int size;
        private long lastVersion = -1;

        History(RunState state) {
            this.organization = state.organization();
            this.registeredAt = state.registeredAt();
            if (state.changedAt().isAfter(registeredAt)) {
                // Every run is registered with nothing done, so its registration is an
                // observation of share 0 that no snapshot has to see.
                add(registeredAt, 0);
            }
        }

        /**
         * Returns the observations after adding the snapshot, or null when the snapshot is of
         * another run under the same id.
         */
        synchronized @Nullable List<Observation> observe(
                RunState state, Instant now, Duration window) {
            if (!state.organization().equals(organization)
                    || !state.registeredAt().equals(registeredAt)) {
                return null;
            }
            if (state.version() > lastVersion) {
                lastVersion = state.version();
                Instant at = state.changedAt();
                if (size > 0 && at.isBefore(instant(size - 1))) {
                    at = instant(size - 1);
                }
                add(at, EtaCalculator.completedShare(state));
            }
            Instant oldest = now.minus(window);
            while (size > 1 && instant(0).isBefore(oldest)) {
                first = (first + 1) % MAX_OBSERVATIONS;
                size--;
            }
            List<Observation> observations = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                observations.add(new Observation(instant(i), shares[index(i)]));
            }
            return observations;
        }

        private void add(Instant at, double share) {
            if (size == MAX_OBSERVATIONS) {
                first = (first + 1) % MAX_OBSERVATIONS;
                size--;
            }
            int slot = index(size);
            epochNanos[slot] = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            shares[slot] = share;
            size++;
        }

        private Instant instant(int i) {
            return Instant.EPOCH.plusNanos(epochNanos[index(i)]);
        }

        private int index(int i) {
            return (first + i) % MAX_OBSERVATIONS;
        }
    }
}
