package dev.batchprogress.server.replay;

/**
 * The simulation of one run. It records the run's events into a recorder as the event queue reaches
 * their simulated time.
 */
interface RunSimulation {

    /** Returns the run this simulation records. */
    ReplayRun run();

    /**
     * Registers the run, records what happens at once, and schedules the first events. Call it
     * once, at simulated time 0.
     */
    void start();

    /** Returns the number of failures injected so far. */
    int injectedFailures();
}
