package dev.batchprogress.recording;

/** What recording an event did to the run's state. */
public enum Recorded {
    /** The event changed the run's state and its version. */
    APPLIED,
    /**
     * The run was already in the event's target state, so nothing changed: the event was delivered
     * before, or it repeats what another event already recorded.
     */
    ALREADY_APPLIED
}
