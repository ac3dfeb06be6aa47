package dev.batchprogress.properties;

/** Names the step of a replay in the message of a failed check. */
final class Steps {

    private Steps() {}

    /**
     * Runs a check made after some events of a scenario were sent; when it fails, rethrows the
     * failure with the step prefixed to its message.
     *
     * @param scenario the scenario being replayed
     * @param eventsSent how many of its events were sent before the check
     * @param check the assertions to run
     */
    static void checkAfter(Scenario scenario, int eventsSent, Runnable check) {
        try {
            check.run();
        } catch (AssertionError failure) {
            throw new AssertionError(
                    describe(scenario, eventsSent) + ": " + failure.getMessage(), failure);
        }
    }

    /** Describes the step after a number of events, such as {@code after event #3 skip(…)}. */
    static String describe(Scenario scenario, int eventsSent) {
        if (eventsSent == 0) {
            return "after registration";
        }
        return "after event #" + eventsSent + " " + scenario.events().get(eventsSent - 1);
    }
}
