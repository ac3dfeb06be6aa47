package dev.batchprogress.jmh.report;

/**
 * The judgement of one target, for the report's summary table.
 *
 * @param benchmark the benchmark's name in the report, such as "1. Query cost"
 * @param target the target, such as "at least 10^5× the walk at 10^7 facilities"
 * @param result the measured value, such as "41,700×"
 * @param outcome whether the target was met
 */
record Verdict(String benchmark, String target, String result, Outcome outcome) {

    /** Whether a target was met, missed, or could not be measured. */
    enum Outcome {
        MET("met"),
        MISSED("**missed**"),
        NOT_MEASURED("not measured"),
        NO_TARGET("no target");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Outcome of(boolean met) {
            return met ? MET : MISSED;
        }
    }
}
