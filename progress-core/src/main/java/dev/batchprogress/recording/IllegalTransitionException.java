package dev.batchprogress.recording;

import dev.batchprogress.model.TrackingId;
import java.io.Serial;

/**
 * Thrown when an event would move a run, a stage, a task or a facility along a transition the rules
 * forbid, such as a completed facility moving back to a flow or any event on a skipped run.
 */
public final class IllegalTransitionException extends RecordingException {

    @Serial private static final long serialVersionUID = 1L;

    /** The tracking id of the run, as sent. */
    private final String trackingId;

    /** What the event would have moved. */
    private final String subject;

    /** The state the subject is in. */
    private final String from;

    /** The state the event asked for. */
    private final String to;

    /**
     * Creates the exception.
     *
     * @param trackingId the run the event named
     * @param subject what the event would have moved, such as {@code facility 17} or {@code stage
     *     2}
     * @param from the state it is in
     * @param to the state the event would have moved it to
     */
    public IllegalTransitionException(
            TrackingId trackingId, String subject, String from, String to) {
        this(
                trackingId,
                subject,
                from,
                to,
                describe(trackingId, subject) + ": cannot move from " + from + " to " + to);
    }

    /**
     * Creates the exception with a message of its own, for a rejection that reads badly as a move.
     *
     * @param trackingId the run the event named
     * @param subject what the event would have changed
     * @param from the state it is in
     * @param to what the event asked for
     * @param message the whole message, naming the run, the subject and the transition
     */
    public IllegalTransitionException(
            TrackingId trackingId, String subject, String from, String to, String message) {
        super(message);
        this.trackingId = trackingId.value();
        this.subject = subject;
        this.from = from;
        this.to = to;
    }

    private static String describe(TrackingId trackingId, String subject) {
        return subject.equals("run")
                ? "run " + trackingId.echo()
                : subject + " of run " + trackingId.echo();
    }

    /** {@return the tracking id of the run, as sent} */
    public String trackingId() {
        return trackingId;
    }

    /** {@return what the event would have moved, such as {@code facility 17}} */
    public String subject() {
        return subject;
    }

    /** {@return the state the subject is in} */
    public String from() {
        return from;
    }

    /** {@return the state the rejected event asked for} */
    public String to() {
        return to;
    }
}
