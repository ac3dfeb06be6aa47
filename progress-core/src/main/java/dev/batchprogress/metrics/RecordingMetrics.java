package dev.batchprogress.metrics;

import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.UnknownRunException;
import java.util.Locale;

/**
 * Receives the outcome of every event that a {@link MeteredRunRecorder} passes to a recorder.
 * Implementations must be thread-safe and fast, since they run on the recording path.
 */
public interface RecordingMetrics {

    /** A hook that ignores every event. */
    RecordingMetrics NONE = new RecordingMetrics() {};

    /** The events of {@link dev.batchprogress.recording.RunRecorder}, one per method. */
    enum Event {
        /** {@code register}. */
        REGISTER,
        /** {@code startStage}. */
        START_STAGE,
        /** {@code succeedStage}. */
        SUCCEED_STAGE,
        /** {@code failStage}. */
        FAIL_STAGE,
        /** {@code addTasks}. */
        ADD_TASKS,
        /** {@code recordTaskOutcome}. */
        RECORD_TASK_OUTCOME,
        /** {@code moveFacility}, by flow number or name. */
        MOVE_FACILITY,
        /** {@code completeFacility}. */
        COMPLETE_FACILITY,
        /** {@code failFacility}. */
        FAIL_FACILITY,
        /** {@code markUngeocoded}. */
        MARK_UNGEOCODED,
        /** {@code skip}. */
        SKIP;

        /** {@return the event's name in lower snake case, such as {@code start_stage}} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Receives an event that the recorder accepted.
     *
     * @param event the event
     * @param outcome whether it changed the run or repeated a state the run already had
     */
    default void eventRecorded(Event event, Recorded outcome) {}

    /**
     * Receives an event that the recorder rejected, which changed nothing.
     *
     * @param event the event
     * @param rejection why: an unknown run, an illegal transition, an invalid event or a conflict
     */
    default void eventRejected(Event event, RecordingException rejection) {}

    /**
     * Receives an event whose recording failed for another reason, such as a database that is down;
     * the event may or may not have been recorded.
     *
     * @param event the event
     * @param failure what the recorder threw
     */
    default void eventFailed(Event event, RuntimeException failure) {}

    /**
     * Returns a label for a rejection in lower snake case: {@code unknown_run}, {@code
     * illegal_transition}, {@code invalid_event} or {@code run_conflict}.
     *
     * @param rejection the rejection
     * @return one of the four labels
     */
    static String reason(RecordingException rejection) {
        if (rejection instanceof UnknownRunException) {
            return "unknown_run";
        }
        if (rejection instanceof IllegalTransitionException) {
            return "illegal_transition";
        }
        if (rejection instanceof InvalidEventException) {
            return "invalid_event";
        }
        return "run_conflict";
    }
}
