package dev.batchprogress.server.report;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySummary;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Prints the progress of a replay's runs as text lines of the form {@code <when> <ids> <json>}.
 *
 * <p>{@code <when>} is {@code t=<seconds>s} of simulated time for a periodic report and {@code
 * final} at the end. {@code <ids>} is a run's tracking id, or the tracking ids of all supply shed
 * runs joined by commas for their combined progress, which the final report adds. {@code <json>} is
 * the compact JSON that the {@code /batch_progress} endpoint returns for that query. Neither of the
 * first two fields contains a space, so everything after the second space is the JSON.
 */
public final class ProgressReport implements ReplayListener {

    private final ProgressTracker tracker;
    private final Caller caller;
    private final List<ReplayRun> runs;
    private final PrintWriter out;
    private final ProgressJson json = ProgressJson.create();

    /**
     * Creates the report.
     *
     * @param tracker the tracker over the store that the replay records into
     * @param caller the caller to query as, which must see the replay's organization
     * @param runs the replay's runs, reported in this order
     * @param out where to print the lines
     */
    public ProgressReport(
            ProgressTracker tracker, Caller caller, List<ReplayRun> runs, PrintWriter out) {
        this.tracker = tracker;
        this.caller = caller;
        this.runs = List.copyOf(runs);
        this.out = out;
    }

    /** Prints one line per run with its current progress. */
    @Override
    public void reportDue(Duration elapsed) {
        String when = "t=" + seconds(elapsed) + "s";
        for (ReplayRun run : runs) {
            printRun(when, run);
        }
        out.flush();
    }

    /**
     * Prints one line per run with its final progress, then the combined progress of the supply
     * shed runs when there are any.
     */
    @Override
    public void finished(ReplaySummary summary) {
        for (ReplayRun run : runs) {
            printRun("final", run);
        }
        List<String> supplySheds =
                runs.stream()
                        .filter(run -> run.kind() == RunKind.BATCH_SUPPLY_SHED)
                        .map(run -> run.trackingId().value())
                        .toList();
        if (!supplySheds.isEmpty()) {
            String ids = String.join(",", supplySheds);
            print("final", ids, ProgressQuery.ofTrackingIds(supplySheds));
        }
        out.flush();
    }

    private void printRun(String when, ReplayRun run) {
        TrackingId id = run.trackingId();
        print(when, id.value(), ProgressQuery.ofTrackingId(id.value()));
    }

    private void print(String when, String ids, ProgressQuery query) {
        out.println(when + " " + ids + " " + json.toJson(tracker.progress(caller, query)));
    }

    /** Formats a duration in seconds with up to millisecond digits: 60, 0.5, 90.125. */
    static String seconds(Duration elapsed) {
        return BigDecimal.valueOf(elapsed.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
