package dev.batchprogress.recording;

/** How a batch process task ended. Outcomes are final: a task that ended does not end again. */
public enum TaskOutcome {
    /** The task succeeded. */
    SUCCEEDED,
    /** The task failed; its stage goes on until the orchestrator ends it. */
    FAILED
}
