package dev.batchprogress.server;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.server.watch.LiveBars;
import dev.batchprogress.server.watch.PlainLines;
import dev.batchprogress.server.watch.WatchDisplay;
import dev.batchprogress.server.watch.WatchException;
import dev.batchprogress.server.watch.WatchQuery;
import dev.batchprogress.server.watch.WatchSettings;
import dev.batchprogress.server.watch.Watcher;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code watch} subcommand: follows the progress of runs on a server until they end, and exits
 * with a code that scripts can wait on.
 */
@Command(
        name = "watch",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Follows the progress of batch runs on a batch progress server until they end.",
            "Reads GET /batch_progress/stream and reconnects with Last-Event-ID after a dropped"
                    + " connection. When the server has no stream, or the stream keeps failing,"
                    + " polls GET /batch_progress with If-None-Match instead.",
            "On a terminal, draws a progress bar that is redrawn in place. Otherwise prints one"
                    + " line per change: the UTC time, the tracking id and the bar. Errors are one"
                    + " line on standard error.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:The runs completed, skipped runs and supply sheds with failed facilities included.",
            "1:The batch process failed.",
            "2:Invalid options, a connection that failed, a status from 400 up such as 400 for a"
                    + " run that was not found, or the timeout."
        })
public final class WatchCommand implements Callable<Integer> {

    /** The exit code when the runs completed. */
    static final int COMPLETE = 0;

    /** The exit code when the batch process failed. */
    static final int FAILED = 1;

    /** The exit code when the outcome is unknown: invalid options or any error. */
    static final int ERROR = 2;

    @Spec private @Nullable CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    @SuppressWarnings("UnusedVariable") // picocli reads the option through reflection.
    private boolean helpRequested;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            converter = BaseUrl.class,
            description =
                    "The server's base URL, such as http://127.0.0.1:8080, or its /batch_progress"
                            + " URL as serve prints it.")
    private @Nullable URI url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:PROGRESS_TOKEN}",
            description =
                    "The bearer token. Default: the environment variable PROGRESS_TOKEN, which"
                            + " other users of this machine cannot see in the process list,"
                            + " unlike this option.")
    private @Nullable String token;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private @Nullable Runs runs;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = OptionConverters.RealDuration.class,
            description =
                    "Time between two polls when the watcher polls, such as 2s or 500ms."
                            + " Default: 2s.")
    private Duration interval = WatchSettings.DEFAULT_INTERVAL;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = OptionConverters.Timeout.class,
            description =
                    "Maximum time to wait for the runs to end, such as 30m or 2h; exits with 2"
                            + " when it has passed. Default: no limit.")
    private @Nullable Duration timeout;

    @Option(
            names = "--no-stream",
            description = "Poll GET /batch_progress from the start, without the event stream.")
    private boolean noStream;

    @Option(
            names = "--bars",
            negatable = true,
            description =
                    "Draw a progress bar redrawn in place instead of printing lines. Default: only"
                            + " when the console is a terminal.")
    private @Nullable Boolean bars;

    /** The runs to watch: exactly one of the two options. */
    static final class Runs {

        @Option(
                names = "--tracking-id",
                paramLabel = "ID",
                description = "The tracking id of the run to watch, of either kind.")
        private @Nullable String trackingId;

        @Option(
                names = "--tracking-ids",
                paramLabel = "ID",
                split = ",",
                description =
                        "Tracking ids of supply shed runs to watch as one combined answer,"
                                + " separated by commas. Repeatable.")
        private List<String> trackingIds = new ArrayList<>();
    }

    /**
     * Watches the runs until they end.
     *
     * @return {@value #COMPLETE} when they completed, {@value #FAILED} when the batch process
     *     failed, {@value #ERROR} when the outcome is unknown, after a message on standard error
     * @throws ParameterException if the options do not form valid settings
     */
    @Override
    public Integer call() {
        CommandLine commandLine = commandLine();
        WatchSettings settings = settings(commandLine);
        PrintWriter err = commandLine.getErr();
        String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";

        String label = Watcher.label(settings.query());
        WatchDisplay display =
                (bars == null ? Terminals.isTerminal() : bars)
                        ? new LiveBars(commandLine.getOut(), label)
                        : new PlainLines(
                                commandLine.getOut(), err, prefix, label, InstantSource.system());
        try {
            return exitCode(new Watcher(settings, display).watch());
        } catch (WatchException e) {
            err.println(prefix + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(prefix + "interrupted before the runs ended");
        }
        err.flush();
        return ERROR;
    }

    /** Returns the exit code of a finished answer. */
    static int exitCode(Progress answer) {
        if (answer instanceof BatchProcessProgress batchProcess && batchProcess.failed()) {
            return FAILED;
        }
        return COMPLETE;
    }

    private WatchSettings settings(CommandLine commandLine) {
        if (url == null || runs == null) {
            throw new IllegalStateException("picocli did not set the required options");
        }
        if (token == null || token.isEmpty()) {
            throw new ParameterException(
                    commandLine,
                    "Missing bearer token: give --token TOKEN or set the environment variable"
                            + " PROGRESS_TOKEN");
        }
        try {
            return WatchSettings.builder(url, token, query(runs)).stream(!noStream)
                    .interval(interval)
                    .timeout(timeout)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    private static WatchQuery query(Runs runs) {
        if (runs.trackingId != null) {
            if (runs.trackingId.isBlank()) {
                throw new IllegalArgumentException(
                        "--tracking-id is blank; expected a tracking id such as 0x3b40...");
            }
            return WatchQuery.ofTrackingId(runs.trackingId);
        }
        List<String> ids = new ArrayList<>();
        for (String id : runs.trackingIds) {
            if (!id.isBlank()) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(
                    "--tracking-ids has no tracking id; expected ids separated by commas");
        }
        return WatchQuery.ofTrackingIds(ids);
    }

    /** Converts a server URL with {@link WatchSettings#parseBaseUrl}. */
    static final class BaseUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return WatchSettings.parseBaseUrl(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private CommandLine commandLine() {
        if (spec == null) {
            throw new IllegalStateException("picocli did not inject the command spec");
        }
        return spec.commandLine();
    }
}
