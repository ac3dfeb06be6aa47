package dev.batchprogress.properties;

import java.util.List;

/**
 * Several generated supply shed runs and the tracking ids of a combined query over them.
 *
 * @param runs the runs, with distinct ids
 * @param trackingIds the ids to query, in request order, with repeats and letter-case variants
 */
record RunGroup(List<Scenario> runs, List<String> trackingIds) {

    RunGroup {
        runs = List.copyOf(runs);
        trackingIds = List.copyOf(trackingIds);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("query tracking_ids ").append(trackingIds);
        for (Scenario run : runs) {
            text.append(System.lineSeparator()).append(run);
        }
        return text.toString();
    }
}
