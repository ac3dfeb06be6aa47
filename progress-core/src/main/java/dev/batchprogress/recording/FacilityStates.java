package dev.batchprogress.recording;

import dev.batchprogress.model.Pipeline;

/**
 * The state codes of a supply shed facility and the transitions between them, shared by every
 * recorder so that each enforces the same rules.
 *
 * <p>For a pipeline of {@code n} flows, code 0 is queued, code {@code k} in [1, n] is running flow
 * {@code k}, then {@code n + 1} is completed, {@code n + 2} failed and {@code n + 3} ungeocoded. A
 * facility may move from the queue into any flow, from flow {@code j} to flow {@code k > j}, from
 * the last flow to completed, from the queue or any flow to failed, and from the queue to
 * ungeocoded.
 */
public final class FacilityStates {

    /** The code of a queued facility. */
    public static final int QUEUED = 0;

    private FacilityStates() {}

    /**
     * Returns the code of a completed facility.
     *
     * @param flows the number of flows of the pipeline
     * @return the state code
     */
    public static int completed(int flows) {
        return flows + 1;
    }

    /**
     * Returns the code of a failed facility.
     *
     * @param flows the number of flows of the pipeline
     * @return the state code
     */
    public static int failed(int flows) {
        return flows + 2;
    }

    /**
     * Returns the code of an ungeocoded facility.
     *
     * @param flows the number of flows of the pipeline
     * @return the state code
     */
    public static int ungeocoded(int flows) {
        return flows + 3;
    }

    /**
     * Returns whether a facility may move from one state to another. Moving to the state it is in
     * is not a transition; recorders report it as already applied.
     *
     * @param flows the number of flows of the run's pipeline
     * @param from the facility's current state code
     * @param target the requested state code
     * @return whether the transition rules allow the move
     */
    public static boolean allowed(int flows, int from, int target) {
        if (target >= 1 && target <= flows) {
            return from < target;
        }
        if (target == completed(flows)) {
            return from == flows;
        }
        if (target == failed(flows)) {
            return from <= flows;
        }
        return target == ungeocoded(flows) && from == QUEUED;
    }

    /**
     * Returns the name of a state code for messages, such as {@code QUEUED} or {@code flow 2
     * (detect_plots)}.
     *
     * @param pipeline the run's pipeline
     * @param code a state code
     * @return the name
     */
    public static String name(Pipeline pipeline, int code) {
        int flows = pipeline.size();
        if (code == QUEUED) {
            return "QUEUED";
        }
        if (code >= 1 && code <= flows) {
            return "flow " + code + " (" + pipeline.flow(code).name() + ")";
        }
        if (code == completed(flows)) {
            return "COMPLETED";
        }
        if (code == failed(flows)) {
            return "FAILED";
        }
        return code == ungeocoded(flows) ? "UNGEOCODED" : "unknown state " + code;
    }
}
