package dev.batchprogress.model;

/** The two kinds of batch operation whose progress is tracked. */
public enum RunKind {
    /** A {@code /batch_process} run: stages of tasks, answered stage by stage. */
    BATCH_PROCESS,
    /** A {@code /batch_supply_shed} run: a fixed set of facilities, answered by counts. */
    BATCH_SUPPLY_SHED
}
