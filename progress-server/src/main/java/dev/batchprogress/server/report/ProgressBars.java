package dev.batchprogress.server.report;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Draws one progress bar per run on a terminal and redraws the bars in place with ANSI escape
 * sequences. A batch process bar shows the overall percentage and the current stage. A supply shed
 * bar shows completed ({@code #}), failed ({@code !}), in-flight ({@code >}) and queued ({@code .})
 * facilities.
 *
 * <p>The bars wrap another listener, such as a {@link ProgressReport}. They are erased before that
 * listener prints and drawn again after it, so its lines scroll above the bars when both write to
 * the same terminal.
 */
public final class ProgressBars implements ReplayListener {

    /** The number of characters between the brackets of a bar. */
    static final int BAR_WIDTH = 24;

    /** The maximum length of a bar's label, which keeps the bars' label column narrow. */
    static final int MAX_LABEL_LENGTH = 24;

    /** The minimum real time between two redraws, so that an unpaced replay draws rarely. */
    private static final long REDRAW_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReplayListener inner;
    private final ProgressTracker tracker;
    private final Caller caller;
    private final List<ReplayRun> runs;
    private final TerminalLines terminalLines;
    private final LongSupplier nanoTime;
    private final int labelWidth;
    private long lastDrawNanos;

    ProgressBars(
            ReplayListener inner,
            ProgressTracker tracker,
            Caller caller,
            List<ReplayRun> runs,
            PrintWriter terminal,
            LongSupplier nanoTime) {
        this.inner = inner;
        this.tracker = tracker;
        this.caller = caller;
        this.runs = List.copyOf(runs);
        this.terminalLines = new TerminalLines(terminal);
        this.nanoTime = nanoTime;
        this.labelWidth = this.runs.stream().mapToInt(run -> label(run).length()).max().orElse(0);
    }

    /**
     * Returns bars that wrap another listener.
     *
     * @param inner the listener to notify first, such as a {@link ProgressReport}
     * @param tracker the tracker over the store that the replay records into
     * @param caller the caller to query as, which must see the replay's organization
     * @param runs the replay's runs, one bar each in this order
     * @param terminal where to draw, normally standard error on a terminal
     * @return the bars
     */
    public static ProgressBars around(
            ReplayListener inner,
            ProgressTracker tracker,
            Caller caller,
            List<ReplayRun> runs,
            PrintWriter terminal) {
        return new ProgressBars(inner, tracker, caller, runs, terminal, System::nanoTime);
    }

    @Override
    public void reportDue(Duration elapsed) {
        terminalLines.erase();
        inner.reportDue(elapsed);
        draw();
    }

    @Override
    public void advanced(Duration elapsed) {
        inner.advanced(elapsed);
        if (nanoTime.getAsLong() - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
            terminalLines.erase();
            draw();
        }
    }

    @Override
    public void finished(ReplaySummary summary) {
        terminalLines.erase();
        inner.finished(summary);
        draw();
    }

    /**
     * Formats the bar line of a progress answer: the label, the bar, the counts, and the state when
     * the answer is finished, such as {@code , complete} or {@code , skipped (reason)}.
     *
     * @param label the label, such as a run's file padded to the width of the longest label
     * @param progress the answer, of one run or of several supply shed runs combined
     * @return the line, without a line break
     */
    public static String line(String label, Progress progress) {
        if (progress instanceof BatchProcessProgress batch) {
            return label + " " + batchProcessBar(batch);
        }
        return label + " " + supplyShedBar((SupplyShedProgress) progress);
    }

    private static String batchProcessBar(BatchProcessProgress progress) {
        int filled = progress.overallProgress() * BAR_WIDTH / 100;
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
        String state = progress.failed() ? ", failed" : state(progress);
        return bar
                + " stage "
                + progress.stage()
                + "/"
                + progress.nStages()
                + ", "
                + progress.overallProgress()
                + "%"
                + state;
    }

    private static String supplyShedBar(SupplyShedProgress progress) {
        long inFlight = progress.preprocessing() + progress.processing();
        long[] counts = {progress.completed(), progress.failed(), inFlight};
        char[] symbols = {'#', '!', '>'};
        StringBuilder bar = new StringBuilder("[");
        long cumulative = 0;
        int drawn = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            // Cells up to a rounded cumulative boundary keep the segments' sum at the bar width.
            int boundary = cells(cumulative, progress.total());
            bar.append(String.valueOf(symbols[i]).repeat(boundary - drawn));
            drawn = boundary;
        }
        bar.append(".".repeat(BAR_WIDTH - drawn)).append(']');
        return bar
                + " "
                + progress.completed()
                + " completed, "
                + progress.failed()
                + " failed, "
                + inFlight
                + " in flight, "
                + progress.queued()
                + " queued of "
                + progress.total()
                + state(progress);
    }

    /** Returns the state of an answer that is not failed: complete, skipped or none. */
    private static String state(Progress progress) {
        String skipReason = progress.skipReason();
        if (skipReason != null) {
            return ", skipped (" + TerminalLines.printable(skipReason) + ")";
        }
        return progress.complete() ? ", complete" : "";
    }

    /** Returns the file name of a run, shortened to {@value #MAX_LABEL_LENGTH} characters. */
    private static String label(ReplayRun run) {
        return label(run.inputName());
    }

    /**
     * Returns a bar's label for a name, such as a file name or a tracking id: the name with control
     * characters replaced, shortened to {@value #MAX_LABEL_LENGTH} characters with {@code ...} at
     * the end when it is longer.
     *
     * @param name the name
     * @return the label
     */
    public static String label(String name) {
        name = TerminalLines.printable(name);
        if (name.length() <= MAX_LABEL_LENGTH) {
            return name;
        }
        return name.substring(0, MAX_LABEL_LENGTH - 3) + "...";
    }

    private static int cells(long count, long total) {
        if (total == 0) {
            return 0;
        }
        return (int) Math.min(BAR_WIDTH, Math.round((double) count * BAR_WIDTH / total));
    }

    private void draw() {
        List<String> lines = new ArrayList<>(runs.size());
        for (ReplayRun run : runs) {
            Progress progress =
                    tracker.progress(caller, ProgressQuery.ofTrackingId(run.trackingId().value()));
            String label = label(run);
            label += " ".repeat(labelWidth - label.length());
            lines.add(line(label, progress));
        }
        terminalLines.draw(lines);
        lastDrawNanos = nanoTime.getAsLong();
    }
}
