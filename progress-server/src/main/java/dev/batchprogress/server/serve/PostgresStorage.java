package dev.batchprogress.server.serve;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcRunStateSource;
import dev.batchprogress.jdbc.JdbcSchema;
import dev.batchprogress.metrics.MeteredRunRecorder;
import dev.batchprogress.metrics.MeteredRunStateSource;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.servlet.micrometer.MicrometerMetrics;
import dev.batchprogress.source.RunStateSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Run state in PostgreSQL, through a HikariCP pool. Queries read through a {@link
 * CachingRunStateSource} in front of a {@link JdbcRunStateSource}, and the replay writes through a
 * {@link JdbcRunRecorder} that invalidates that cache after every commit. So this process reads its
 * own writes at once, and another process over the same database reads them once its staleness
 * bound has passed.
 */
final class PostgresStorage implements RunStorage {

    private static final System.Logger LOG = System.getLogger(PostgresStorage.class.getName());

    /** The maximum number of pooled connections: one for the replay, the rest for cache loads. */
    private static final int MAX_POOL_SIZE = 8;

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    /** The {@code cache} tag of the run-state cache's meters. */
    static final String CACHE_NAME = "run_state";

    private final DatabaseSettings settings;
    private final HikariDataSource pool;
    private final JdbcRunStateSource database;
    private final CachingRunStateSource cache;
    private final RunRecorder recorder;

    private PostgresStorage(
            DatabaseSettings settings,
            HikariDataSource pool,
            Duration stalenessBound,
            InstantSource clock,
            MicrometerMetrics metrics) {
        this.settings = settings;
        this.pool = pool;
        this.database = JdbcRunStateSource.create(pool);
        // The source calls are timed below the cache, so they measure the database's loads.
        this.cache =
                CachingRunStateSource.builder(MeteredRunStateSource.wrap(database, metrics))
                        .stalenessBound(stalenessBound)
                        .build();
        metrics.monitorCache(cache, CACHE_NAME);
        this.recorder =
                MeteredRunRecorder.wrap(JdbcRunRecorder.create(pool, clock, cache), metrics);
    }

    /**
     * Opens the pool and creates the tables that do not exist yet.
     *
     * @param settings the database
     * @param stalenessBound how long the cached state of a run in progress may be served
     * @param clock the clock that stamps recorded events, such as the replay's simulated clock
     * @param metrics what receives the cache's statistics, the database's load times and the
     *     recorder's event outcomes
     * @return the storage
     * @throws ServiceStartException if no connection can be opened or the schema cannot be created
     */
    static PostgresStorage open(
            DatabaseSettings settings,
            Duration stalenessBound,
            InstantSource clock,
            MicrometerMetrics metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("progress-server");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());

        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ServiceStartException(
                    "cannot connect to "
                            + describe(settings)
                            + ": "
                            + rootMessage(e)
                            + "; check --jdbc-url, --jdbc-user and the password",
                    e);
        }
        try {
            JdbcSchema.create(pool);
        } catch (SQLException e) {
            pool.close();
            throw new ServiceStartException(
                    "cannot create the batch progress tables in "
                            + describe(settings)
                            + ": "
                            + firstLine(e.getMessage())
                            + "; check that the schema that the URL's currentSchema names exists"
                            + " and that the user may create tables in it",
                    e);
        }
        return new PostgresStorage(settings, pool, stalenessBound, clock, metrics);
    }

    private static String describe(DatabaseSettings settings) {
        String user = settings.user();
        return "PostgreSQL at " + settings.redactedUrl() + (user == null ? "" : " as " + user);
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public RunRecorder recorder() {
        return recorder;
    }

    @Override
    public RunStateSource source() {
        return cache;
    }

    @Override
    public Set<TrackingId> finishedRuns(Collection<TrackingId> trackingIds) {
        return database.load(VisibilityScope.all(), trackingIds).values().stream()
                .filter(RunState::finished)
                .map(RunState::trackingId)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String description() {
        return describe(settings);
    }

    /** Logs the cache's statistics, stops its load threads and closes the pool. */
    @Override
    public void close() {
        LOG.log(System.Logger.Level.INFO, "run-state cache at stop: {0}", cache.stats());
        cache.close();
        pool.close();
    }
}
