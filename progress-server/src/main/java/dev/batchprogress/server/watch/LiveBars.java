package dev.batchprogress.server.watch;

import dev.batchprogress.model.Progress;
import dev.batchprogress.server.report.ProgressBars;
import dev.batchprogress.server.report.TerminalLines;
import java.io.PrintWriter;
import java.util.List;

/**
 * Shows the latest answer as one progress bar on a terminal, redrawn in place, as {@link
 * ProgressBars} draws them for a replay. Notices scroll above the bar.
 */
public final class LiveBars implements WatchDisplay {

    private final PrintWriter terminal;
    private final TerminalLines lines;
    private final String label;
    private List<String> bar = List.of();

    /**
     * Creates the display.
     *
     * @param terminal where to draw, a writer to a terminal that understands ANSI escape sequences
     * @param label the label of the watched runs, see {@link Watcher#label}
     */
    public LiveBars(PrintWriter terminal, String label) {
        this.terminal = terminal;
        this.lines = new TerminalLines(terminal);
        this.label = label;
    }

    @Override
    public void progress(Progress progress) {
        bar = List.of(ProgressBars.line(label, progress));
        lines.erase();
        lines.draw(bar);
    }

    @Override
    public void notice(String message) {
        lines.erase();
        terminal.println(TerminalLines.printable(message));
        if (!bar.isEmpty()) {
            lines.draw(bar);
        }
    }
}
