package dev.batchprogress.server.watch;

import dev.batchprogress.model.Progress;
import dev.batchprogress.server.report.ProgressBars;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Shows each answer as one line on standard output, for logs and pipes: the UTC time in seconds,
 * then the bar line of {@link ProgressBars#line}, such as {@code 2026-12-04T19:30:05Z
 * 0x3b408d0583992b85f04... [######..................] stage 2/4, 25%}. An answer whose line equals
 * the one before, such as a batch process whose current stage advanced by less than the overall
 * percentage shows, prints nothing. Notices go to standard error, after a prefix that names the
 * command.
 */
public final class PlainLines implements WatchDisplay {

    private final PrintWriter out;
    private final PrintWriter err;
    private final String noticePrefix;
    private final String label;
    private final InstantSource clock;
    private String lastLine = "";

    /**
     * Creates the display.
     *
     * @param out where the answers go
     * @param err where the notices go
     * @param noticePrefix the text before each notice, such as {@code progress-server watch: }
     * @param label the label of the watched runs, see {@link Watcher#label}
     * @param clock the clock of the times at the start of the lines
     */
    public PlainLines(
            PrintWriter out,
            PrintWriter err,
            String noticePrefix,
            String label,
            InstantSource clock) {
        this.out = out;
        this.err = err;
        this.noticePrefix = noticePrefix;
        this.label = label;
        this.clock = clock;
    }

    @Override
    public void progress(Progress progress) {
        String line = ProgressBars.line(label, progress);
        if (line.equals(lastLine)) {
            return;
        }
        lastLine = line;
        String time =
                DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().truncatedTo(ChronoUnit.SECONDS));
        out.println(time + " " + line);
        out.flush();
    }

    @Override
    public void notice(String message) {
        err.println(noticePrefix + message);
        err.flush();
    }
}
