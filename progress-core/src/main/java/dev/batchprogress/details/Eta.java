package dev.batchprogress.details;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An estimate of the time a run still needs: a range from the earliest to the latest plausible
 * finish, never a single number, and the method that produced it.
 *
 * <p>The estimate extrapolates the completion rate observed over a sliding window. Until enough
 * changes were observed, or while no net progress was observed in the window, the state is {@link
 * State#UNKNOWN} and both bounds are {@code null}. A finished run (complete, failed or skipped) has
 * the state {@link State#FINISHED} and both bounds zero.
 *
 * @param state whether the range is known
 * @param observations how many snapshots of the run with distinct changes the window held
 * @param window the length of the sliding window
 * @param earliest the time left at the fastest plausible rate; {@code null} when unknown
 * @param latest the time left at the slowest plausible rate; {@code null} when unknown, or when the
 *     observed rate varies so much that no upper bound can be given
 */
public record Eta(
        State state,
        int observations,
        Duration window,
        @Nullable Duration earliest,
        @Nullable Duration latest) {

    /** The name of the estimation method, as the breakdown reports it. */
    public static final String METHOD = "observed completion rate over a sliding window";

    /** Whether an estimate could be made. */
    public enum State {
        /** Too few observations, or no net progress in the window: no range. */
        UNKNOWN,
        /** A range from the observed rate. */
        ESTIMATED,
        /** The run finished: no time left. */
        FINISHED
    }

    /**
     * Validates that the bounds match the state and that the range is ordered.
     *
     * @param state whether the range is known
     * @param observations how many snapshots of the run with distinct changes the window held
     * @param window the length of the sliding window
     * @param earliest the time left at the fastest plausible rate; {@code null} when unknown
     * @param latest the time left at the slowest plausible rate; {@code null} when unknown, or when
     *     the observed rate varies so much that no upper bound can be given
     */
    public Eta {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(window, "window");
        if (observations < 0) {
            throw new IllegalArgumentException(
                    "observation count " + observations + " is negative");
        }
        boolean bounded = state != State.UNKNOWN;
        if (bounded != (earliest != null) || (!bounded && latest != null)) {
            throw new IllegalArgumentException(
                    "an estimate in state "
                            + state
                            + " has earliest "
                            + earliest
                            + " and latest "
                            + latest
                            + "; expected both bounds for FINISHED, an earliest bound for"
                            + " ESTIMATED, and none for UNKNOWN");
        }
        if (earliest != null && earliest.isNegative()) {
            throw new IllegalArgumentException("earliest time left " + earliest + " is negative");
        }
        if (earliest != null && latest != null && latest.compareTo(earliest) < 0) {
            throw new IllegalArgumentException(
                    "latest time left " + latest + " is before the earliest " + earliest);
        }
        if (state == State.FINISHED
                && !(Duration.ZERO.equals(earliest) && Duration.ZERO.equals(latest))) {
            throw new IllegalArgumentException(
                    "a finished run has time left " + earliest + " to " + latest + "; expected 0");
        }
    }

    /**
     * Returns the estimate of a run that finished.
     *
     * @param observations how many observations the window held
     * @param window the length of the sliding window
     * @return a {@link State#FINISHED} estimate with both bounds zero
     */
    public static Eta finished(int observations, Duration window) {
        return new Eta(State.FINISHED, observations, window, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Returns an estimate without a range.
     *
     * @param observations how many observations the window held
     * @param window the length of the sliding window
     * @return a {@link State#UNKNOWN} estimate
     */
    public static Eta unknown(int observations, Duration window) {
        return new Eta(State.UNKNOWN, observations, window, null, null);
    }

    /** {@return the name of the estimation method, {@value #METHOD}} */
    public String method() {
        return METHOD;
    }
}
