package dev.batchprogress.server.serve;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.data.BundledData;
import dev.batchprogress.server.http.OpenApiServlet;
import dev.batchprogress.server.http.ProgressHttpServer;
import dev.batchprogress.server.metrics.MetricsServlet;
import dev.batchprogress.server.metrics.ServerMetrics;
import dev.batchprogress.server.replay.Replay;
import dev.batchprogress.server.replay.ReplayHandle;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.servlet.Authenticator;
import dev.batchprogress.servlet.BatchProgressServlet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A running batch progress server: the run storage, the background replay of the bundled data, and
 * the HTTP server that serves {@code GET /batch_progress} and {@code /batch_progress/details} from
 * that storage, with the server's metrics at {@code /metrics} and its OpenAPI document at {@code
 * /openapi.json}.
 *
 * <p>{@link #start} opens the storage, starts the HTTP server and then the replay. {@link #close()}
 * stops them in the opposite order: the replay, then the HTTP server gracefully, then the storage
 * with its connection pool. After {@code close()} the service has no thread of its own left.
 */
public final class ProgressService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProgressService.class.getName());

    /** The outcome of the replay when the service started. */
    public enum ReplayState {
        /** The replay records into the storage in the background. */
        STARTED,
        /** The settings turned the replay off. */
        DISABLED,
        /**
         * The database already held runs with the replay's tracking ids, recorded by an earlier or
         * another server with the same seed, so this service serves them without replaying.
         */
        ALREADY_RECORDED
    }

    private final List<ReplayRun> runs;
    private final RunStorage storage;
    private final ProgressHttpServer http;
    private final URI endpoint;
    private final int port;
    private final @Nullable ReplayHandle replay;
    private final ReplayState replayState;
    private final ServeSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProgressService(
            ServeSettings settings,
            List<ReplayRun> runs,
            RunStorage storage,
            ProgressHttpServer http,
            @Nullable ReplayHandle replay,
            ReplayState replayState) {
        this.settings = settings;
        this.runs = runs;
        this.storage = storage;
        this.http = http;
        this.endpoint = http.endpoint();
        this.port = http.port();
        this.replay = replay;
        this.replayState = replayState;
    }

    /**
     * Starts a service.
     *
     * @param settings what to serve and how
     * @param listener what the replay notifies, on its own thread
     * @return the running service
     * @throws ServiceStartException if the storage cannot be opened or the HTTP server cannot
     *     listen
     * @throws IllegalArgumentException if two tokens are the same or one is not {@code token68}
     */
    public static ProgressService start(ServeSettings settings, ReplayListener listener) {
        Authenticator authenticator = TokenGrant.authenticator(settings.tokens());
        Replay replay =
                Replay.prepare(
                        BundledData.traces(),
                        BundledData.facilityLists(),
                        settings.replay(),
                        InstantSource.system().instant());

        ServerMetrics metrics = ServerMetrics.create();
        RunStorage storage = openStorage(settings, replay.clock(), metrics);
        // Breakdowns date their elapsed time and estimates by the clock that dates the changes.
        InstantSource trackerClock =
                settings.replayEnabled() ? replay.clock() : InstantSource.system();
        ProgressHttpServer http;
        try {
            http = startHttp(settings, storage, authenticator, trackerClock, metrics);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }

        ReplayHandle handle = null;
        ReplayState state = ReplayState.DISABLED;
        try {
            if (settings.replayEnabled()) {
                // A replay that stopped half-way resumes: the events it recorded before come back
                // as already applied, so only runs that all finished are left alone.
                Set<TrackingId> finished = storage.finishedRuns(replay.trackingIds());
                if (finished.size() < replay.trackingIds().size()) {
                    handle = replay.start(storage.recorder(), listener);
                    state = ReplayState.STARTED;
                } else {
                    state = ReplayState.ALREADY_RECORDED;
                    LOG.log(
                            Level.INFO,
                            "{0} already contains the finished runs {1} of seed {2}; serving them"
                                    + " without a replay (choose another --seed to replay again)",
                            storage.description(),
                            finished,
                            settings.replay().seed());
                }
            }
        } catch (RuntimeException e) {
            http.close();
            storage.close();
            throw e;
        }
        ProgressService service =
                new ProgressService(settings, replay.runs(), storage, http, handle, state);
        LOG.log(
                Level.INFO,
                "serving {0} (listening on {1} port {2}) from {3}",
                service.endpoint(),
                http.host(),
                Integer.toString(service.port()),
                storage.description());
        return service;
    }

    private static RunStorage openStorage(
            ServeSettings settings, InstantSource clock, ServerMetrics metrics) {
        Optional<DatabaseSettings> database = settings.database();
        if (database.isEmpty()) {
            return new MemoryStorage(clock, metrics.hooks());
        }
        return PostgresStorage.open(
                database.get(), settings.stalenessBound(), clock, metrics.hooks());
    }

    private static ProgressHttpServer startHttp(
            ServeSettings settings,
            RunStorage storage,
            Authenticator authenticator,
            InstantSource clock,
            ServerMetrics metrics) {
        ProgressTracker tracker = ProgressTracker.builder(storage.source()).clock(clock).build();
        BatchProgressServlet servlet =
                BatchProgressServlet.builder(tracker)
                        .authenticator(authenticator)
                        .metrics(metrics.hooks())
                        .build();
        try {
            return ProgressHttpServer.start(
                    settings.host(),
                    settings.port(),
                    servlet,
                    Map.of(
                            "/metrics",
                            new MetricsServlet(metrics),
                            "/openapi.json",
                            new OpenApiServlet()),
                    settings.stopTimeout());
        } catch (IOException e) {
            throw new ServiceStartException(
                    e.getMessage() + "; choose another --port or --host", e);
        }
    }

    /** Returns the port the HTTP server listens on. */
    public int port() {
        return port;
    }

    /** Returns the URL of {@code /batch_progress} for a client on this machine. */
    public URI endpoint() {
        return endpoint;
    }

    /** Returns the runs of the replay, whether or not this service replays them. */
    public List<ReplayRun> runs() {
        return runs;
    }

    /** Returns the outcome of the replay when the service started. */
    public ReplayState replayState() {
        return replayState;
    }

    /** Returns the running replay, or empty when {@link #replayState()} is not STARTED. */
    public Optional<ReplayHandle> replay() {
        return Optional.ofNullable(replay);
    }

    /** Returns the settings the service started with. */
    public ServeSettings settings() {
        return settings;
    }

    /**
     * Stops the service: the replay, then the HTTP server gracefully, then the storage. Waits up to
     * the stop timeout for the replay's thread. Closing a closed service does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopReplay();
        http.close();
        storage.close();
        LOG.log(Level.INFO, "stopped serving {0}", endpoint);
    }

    private void stopReplay() {
        if (replay == null) {
            return;
        }
        replay.stop();
        try {
            replay.completion().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // The replay was stopped or had failed, and it logged its own end.
        } catch (TimeoutException e) {
            LOG.log(
                    Level.WARNING,
                    "the replay did not stop within {0}; closing the storage anyway",
                    settings.stopTimeout());
        }
    }
}
