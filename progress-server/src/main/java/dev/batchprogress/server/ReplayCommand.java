package dev.batchprogress.server;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.server.data.BundledData;
import dev.batchprogress.server.data.InputFile;
import dev.batchprogress.server.data.InvalidInputException;
import dev.batchprogress.server.replay.Replay;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySettings;
import dev.batchprogress.server.report.ProgressBars;
import dev.batchprogress.server.report.ProgressReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code replay} subcommand: replays workflow traces and facility lists into an in-memory store
 * on a simulated clock, and prints each run's progress JSON as the endpoint would return it.
 */
@Command(
        name = "replay",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Replays recorded workflow traces as batch process runs and facility lists as supply"
                    + " shed runs into an in-memory store, on a simulated clock.",
            "At every report interval and at the end, prints one line per run to standard output:"
                    + " 't=<seconds>s' or 'final', the tracking id, and the progress JSON that"
                    + " GET /batch_progress returns for it. The final report adds the combined"
                    + " tracking_ids answer of the supply shed runs.",
            "Without --trace and --facilities, replays the two traces and two facility lists"
                    + " bundled in the jar. Each option replaces the bundled files of its kind.",
            ""
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec private @Nullable CommandSpec spec;

    @Mixin private ReplayOptions replayOptions = new ReplayOptions();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    @SuppressWarnings("UnusedVariable") // picocli reads the option through reflection.
    private boolean helpRequested;

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            converter = OptionConverters.Speed.class,
            description =
                    "Simulated seconds per real second, or 'max' to replay without waiting."
                            + " Default: ${DEFAULT-VALUE}.")
    private double speed = ReplaySettings.DEFAULT_SPEED;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            converter = OptionConverters.SimulatedDuration.class,
            description =
                    "Simulated time between two progress reports, such as 60s, 5m or 500ms."
                            + " Default: "
                            + ReplaySettings.DEFAULT_INTERVAL_SECONDS
                            + "s.")
    private Duration interval = Duration.ofSeconds(ReplaySettings.DEFAULT_INTERVAL_SECONDS);

    @Option(
            names = "--trace",
            paramLabel = "FILE",
            converter = OptionConverters.ReadableFile.class,
            description =
                    "WfFormat 1.5 workflow trace (JSON) to replay as a batch process run."
                            + " Repeatable; replaces the bundled traces.")
    private List<Path> traces = new ArrayList<>();

    @Option(
            names = "--facilities",
            paramLabel = "FILE",
            converter = OptionConverters.ReadableFile.class,
            description =
                    "Facility list (CSV with Latitude and Longitude columns) to replay as a supply"
                            + " shed run. Repeatable; replaces the bundled facility lists.")
    private List<Path> facilityLists = new ArrayList<>();

    @Option(
            names = "--concurrency",
            paramLabel = "COUNT",
            converter = OptionConverters.PositiveCount.class,
            description =
                    "Maximum number of facilities of one supply shed run in flows at the same"
                            + " time; the rest wait in the queue. Default: ${DEFAULT-VALUE}.")
    private int concurrency = ReplaySettings.DEFAULT_CONCURRENCY;

    @Option(
            names = "--bars",
            negatable = true,
            description =
                    "Draw progress bars on standard error. Default: only when the console is a"
                            + " terminal.")
    private @Nullable Boolean bars;

    /**
     * Runs the replay to the end.
     *
     * @return 0 when every run was replayed
     * @throws ParameterException if the options do not form valid settings
     * @throws InvalidInputException if an input file cannot be read or parsed
     * @throws InterruptedException if the thread is interrupted while it waits for real time
     */
    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = commandLine();
        ReplaySettings settings = settings(commandLine);
        List<InputFile> traceFiles = traces.isEmpty() ? BundledData.traces() : read(traces);
        List<InputFile> facilityFiles =
                facilityLists.isEmpty() ? BundledData.facilityLists() : read(facilityLists);
        Replay replay =
                Replay.prepare(
                        traceFiles, facilityFiles, settings, InstantSource.system().instant());

        PrintWriter err = commandLine.getErr();
        for (ReplayRun run : replay.runs()) {
            err.println(
                    "replaying "
                            + run.inputName()
                            + " ("
                            + run.description()
                            + ") as run "
                            + run.trackingId());
        }
        err.flush();

        InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
        ProgressTracker tracker = ProgressTracker.create(store);
        Caller caller =
                new Caller(
                        "progress-server replay", settings.organization(), Set.of(Permission.READ));
        ReplayListener listener =
                new ProgressReport(tracker, caller, replay.runs(), commandLine.getOut());
        if (bars == null ? Terminals.isTerminal() : bars) {
            listener = ProgressBars.around(listener, tracker, caller, replay.runs(), err);
        }
        replay.run(store, listener);
        return CommandLine.ExitCode.OK;
    }

    private ReplaySettings settings(CommandLine commandLine) {
        try {
            return new ReplaySettings(
                    replayOptions.seed(),
                    replayOptions.organization(),
                    speed,
                    interval,
                    replayOptions.failureShare(),
                    replayOptions.taskFailureShare(),
                    concurrency);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    private static List<InputFile> read(List<Path> paths) {
        List<InputFile> files = new ArrayList<>(paths.size());
        for (Path path : paths) {
            try {
                files.add(InputFile.read(path));
            } catch (IOException e) {
                throw new InvalidInputException(
                        path.toString(), "cannot read the file: " + e.getMessage(), e);
            }
        }
        return files;
    }

    private CommandLine commandLine() {
        if (spec == null) {
            throw new IllegalStateException("picocli did not inject the command spec");
        }
        return spec.commandLine();
    }
}
