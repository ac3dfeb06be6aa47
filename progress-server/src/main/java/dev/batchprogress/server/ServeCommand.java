package dev.batchprogress.server;

import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplaySettings;
import dev.batchprogress.server.replay.ReplaySummary;
import dev.batchprogress.server.serve.DatabaseSettings;
import dev.batchprogress.server.serve.ProgressService;
import dev.batchprogress.server.serve.ServeSettings;
import dev.batchprogress.server.serve.TokenGrant;
import dev.batchprogress.server.serve.TokensFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code serve} subcommand: serves {@code GET /batch_progress} over HTTP while a replay of the
 * bundled data records runs in the background, until SIGINT or SIGTERM.
 */
@Command(
        name = "serve",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Serves GET /batch_progress over HTTP with an embedded Jetty, and replays the bundled"
                    + " workflow traces and facility lists in the background, so that the"
                    + " progress of the runs changes for a few minutes.",
            "At start, prints the port, each replayed run's tracking id, kind and file, and a curl"
                    + " command to try. Without --token and --tokens, prints a demo token, new at"
                    + " every start, that reads the runs of the replay's organization.",
            "Keeps the run state in memory, or with --jdbc-url in PostgreSQL, where several"
                    + " servers can serve the same runs. Stops on SIGINT or SIGTERM and exits"
                    + " with 0.",
            ""
        })
public final class ServeCommand implements Callable<Integer> {

    /** The maximum time that the line of the replay's end waits for the start lines. */
    private static final Duration START_PRINT_TIMEOUT = Duration.ofSeconds(10);

    @Spec private @Nullable CommandSpec spec;

    @Mixin private ReplayOptions replayOptions = new ReplayOptions();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    @SuppressWarnings("UnusedVariable") // picocli reads the option through reflection.
    private boolean helpRequested;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            converter = OptionConverters.Host.class,
            description =
                    "Address to listen on; 0.0.0.0 listens on every IPv4 address."
                            + " Default: ${DEFAULT-VALUE}.")
    private String host = ServeSettings.DEFAULT_HOST;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            converter = OptionConverters.Port.class,
            description = "TCP port to listen on; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    private int port = ServeSettings.DEFAULT_PORT;

    @Option(
            names = "--token",
            paramLabel = "TOKEN=SUBJECT,ORGANIZATION,PERMISSION...",
            converter = OptionConverters.Token.class,
            description =
                    "Accept a bearer token for a caller, such as"
                            + " s3cret=alice,acme,batch_progress:read. Permissions:"
                            + " batch_progress:read and batch_progress:read_all_organizations."
                            + " Repeatable.")
    private List<TokenGrant> tokens = new ArrayList<>();

    @Option(
            names = "--tokens",
            paramLabel = "FILE",
            description =
                    "Accept the bearer tokens of a file: one TOKEN=SUBJECT,ORGANIZATION,"
                            + "PERMISSION... per line; blank lines and lines starting with #"
                            + " are ignored.")
    private @Nullable Path tokensFile;

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            converter = OptionConverters.Speed.class,
            description =
                    "Simulated seconds per real second of the replay, or 'max' to record every"
                            + " event at once. Default: ${DEFAULT-VALUE}, about 3 minutes.")
    private double speed = ServeSettings.DEFAULT_SPEED;

    @Option(
            names = "--no-replay",
            description =
                    "Serve only, without replaying, such as a second server over a database"
                            + " that another server records into.")
    private boolean noReplay;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            defaultValue = "${env:PROGRESS_JDBC_URL}",
            description =
                    "Keep the run state in PostgreSQL, such as"
                            + " jdbc:postgresql://127.0.0.1:5432/test?currentSchema=progress;"
                            + " creates the tables that are missing. Default: the environment"
                            + " variable PROGRESS_JDBC_URL; without either, in memory.")
    private @Nullable String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            paramLabel = "USER",
            defaultValue = "${env:PROGRESS_JDBC_USER}",
            description = "Database user. Default: the environment variable PROGRESS_JDBC_USER.")
    private @Nullable String jdbcUser;

    @Option(
            names = "--jdbc-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:PROGRESS_JDBC_PASSWORD}",
            description =
                    "Database password. Default: the environment variable"
                            + " PROGRESS_JDBC_PASSWORD, which other users of this machine cannot"
                            + " see in the process list, unlike this option.")
    private @Nullable String jdbcPassword;

    @Option(
            names = "--staleness-bound",
            paramLabel = "DURATION",
            converter = OptionConverters.RealDuration.class,
            description =
                    "With --jdbc-url: how long a cached answer of a run in progress may be"
                            + " served, such as 2s or 500ms. Several servers over one database"
                            + " give the same answers once this time has passed since the last"
                            + " write. Default: 2s.")
    private Duration stalenessBound = ServeSettings.DEFAULT_STALENESS_BOUND;

    /** The token made up for this start when no token was configured, printed once. */
    private @Nullable TokenGrant demoGrant;

    private final CountDownLatch startPrinted = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Serves until SIGINT or SIGTERM, then stops the replay, the HTTP server and the storage.
     *
     * @return 0 after a stop on a signal
     * @throws ParameterException if the options do not form valid settings
     * @throws dev.batchprogress.server.serve.ServiceStartException if the port is in use or the
     *     database cannot be used
     */
    @Override
    public Integer call() {
        CommandLine commandLine = commandLine();
        ServeSettings settings = settings(commandLine);

        PrintWriter out = commandLine.getOut();
        ProgressService service = ProgressService.start(settings, replayEnd(out));
        StopSignals.install(stopRequested::countDown);
        Thread hook = new Thread(this::stopFromShutdownHook, "progress-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            StartLines.print(out, service, demoGrant);
            startPrinted.countDown();
            awaitStopRequest();
        } finally {
            service.close();
            stopped.countDown();
        }
        removeShutdownHook(hook);
        return CommandLine.ExitCode.OK;
    }

    private ServeSettings settings(CommandLine commandLine) {
        try {
            ServeSettings.Builder builder =
                    ServeSettings.builder()
                            .host(host)
                            .port(port)
                            .replay(replaySettings())
                            .replayEnabled(!noReplay)
                            .stalenessBound(stalenessBound);
            List<TokenGrant> grants = new ArrayList<>(tokens);
            if (tokensFile != null) {
                grants.addAll(readTokens(tokensFile));
            }
            if (grants.isEmpty()) {
                demoGrant = TokenGrant.demo(replayOptions.organization());
                grants.add(demoGrant);
            }
            TokenGrant.authenticator(grants);
            builder.tokens(grants);
            DatabaseSettings database = database(commandLine);
            if (database != null) {
                builder.database(database);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
    }

    private ReplaySettings replaySettings() {
        return new ReplaySettings(
                replayOptions.seed(),
                replayOptions.organization(),
                speed,
                Duration.ofSeconds(ReplaySettings.DEFAULT_INTERVAL_SECONDS),
                replayOptions.failureShare(),
                replayOptions.taskFailureShare(),
                ReplaySettings.DEFAULT_CONCURRENCY);
    }

    private static List<TokenGrant> readTokens(Path file) {
        try {
            return TokensFile.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "tokens file " + file + " does not exist; check the path of --tokens", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read tokens file "
                            + file
                            + " ("
                            + e.getMessage()
                            + "); check that it is a readable file",
                    e);
        }
    }

    private @Nullable DatabaseSettings database(CommandLine commandLine) {
        String url = blankToNull(jdbcUrl);
        if (url == null) {
            for (String option : List.of("--jdbc-user", "--jdbc-password", "--staleness-bound")) {
                if (commandLine.getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(
                            "option " + option + " needs --jdbc-url or PROGRESS_JDBC_URL");
                }
            }
            return null;
        }
        return new DatabaseSettings(url, blankToNull(jdbcUser), jdbcPassword);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Returns a listener that prints one line when the replay has recorded every event, after the
     * start lines even when the replay ends first.
     */
    private ReplayListener replayEnd(PrintWriter out) {
        return new ReplayListener() {
            @Override
            public void finished(ReplaySummary summary) {
                try {
                    startPrinted.await(START_PRINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.println(StartLines.replayFinished(summary));
                out.flush();
            }
        };
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the service when the JVM shuts down for another reason than SIGINT or SIGTERM, such as
     * SIGHUP, and waits for the stop so that the pool is closed before the JVM halts.
     */
    private void stopFromShutdownHook() {
        stopRequested.countDown();
        try {
            stopped.await(ServeSettings.DEFAULT_STOP_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already, and the hook has seen the service stopped.
        }
    }

    private CommandLine commandLine() {
        if (spec == null) {
            throw new IllegalStateException("picocli did not inject the command spec");
        }
        return spec.commandLine();
    }
}
