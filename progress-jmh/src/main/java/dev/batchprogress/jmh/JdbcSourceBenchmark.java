package dev.batchprogress.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcRunStateSource;
import dev.batchprogress.jdbc.JdbcSchema;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The progress of one supply shed run of a million facilities read from PostgreSQL, with the
 * counters {@link JdbcRunRecorder} maintains, against counting the facility rows per query.
 *
 * <p>The setup creates a schema of its own with {@link JdbcSchema}, registers the run through the
 * recorder, and then writes the state of every facility with {@code INSERT ... SELECT} over {@code
 * generate_series} (states drawn by PostgreSQL's {@code random()} after a fixed {@code setseed}),
 * instead of a million events: the same rows in {@code bp_facility} and the same counters in {@code
 * bp_facility_count} that the recorder's events would leave. A plain table {@code facility (run,
 * facility, state)} gets the same states, one row per facility. Both tables are vacuumed and
 * analyzed, and the schema is dropped afterwards.
 *
 * <p>{@link #jdbcSourceQuery} is {@link JdbcRunStateSource#load}, one statement that reads the
 * run's row and its flow and counter rows, followed by the calculator. {@link #groupByQuery} is
 * {@code SELECT state, count(*) FROM facility WHERE run = ? GROUP BY state} and the same progress
 * built from its rows. Both go through one HikariCP pool on loopback. Expected: ours in well under
 * a millisecond whatever the run's size; the {@code GROUP BY} reads a million rows per query.
 *
 * <p>Where PostgreSQL cannot be reached, the setup fails with the reason and the benchmark has no
 * result; the report marks it not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcSourceBenchmark {

    /** The seed of PostgreSQL's {@code random()}, in [-1, 1]. */
    private static final double SEED = 0.2024;

    private static final long PLAIN_RUN = 1;
    private static final String GROUP_BY =
            "SELECT state, count(*) FROM facility WHERE run = ? GROUP BY state";

    @Param("1000000")
    public int facilities;

    private final PostgresSettings settings = PostgresSettings.fromEnvironment();
    private final VisibilityScope scope = SupplyShedFixture.CALLER.scope();
    private String schema;
    private HikariDataSource pool;
    private JdbcRunStateSource source;
    private TrackingId run;
    private List<TrackingId> runs;

    @Setup(Level.Trial)
    public void writeRun() throws SQLException {
        Optional<String> unreachable = settings.unreachableReason();
        if (unreachable.isPresent()) {
            throw new IllegalStateException(unreachable.get() + "; benchmark not measured");
        }
        schema = PostgresSettings.newSchemaName();
        try (Connection connection = settings.dataSource(Optional.empty()).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(settings.dataSource(Optional.of(schema)));
        config.setMaximumPoolSize(2);
        config.setPoolName("benchmark-" + schema);
        pool = new HikariDataSource(config);
        JdbcSchema.create(pool);
        run = SupplyShedFixture.register(JdbcRunRecorder.create(pool), 1, facilities);
        runs = List.of(run);
        writeFacilities();
        source = JdbcRunStateSource.create(pool);

        Progress ours = jdbcSourceQuery();
        Progress counted = groupByQuery();
        if (!ours.equals(counted)) {
            throw new IllegalStateException(
                    "the JDBC source returned " + ours + " but GROUP BY counted " + counted);
        }
    }

    /** Writes every facility's state into both tables and the counters, in a few statements. */
    private void writeFacilities() throws SQLException {
        String runKey = run.key();
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            execute(connection, "SELECT setseed(?)", SEED);
            execute(
                    connection,
                    "CREATE TABLE facility (run BIGINT NOT NULL, facility INTEGER NOT NULL,"
                            + " state SMALLINT NOT NULL, PRIMARY KEY (run, facility))");
            execute(
                    connection,
                    "INSERT INTO facility (run, facility, state)"
                            + " SELECT ?, g, floor(random() * ?)::smallint"
                            + " FROM generate_series(0, ? - 1) g",
                    PLAIN_RUN,
                    FacilityStatus.count(),
                    facilities);
            execute(
                    connection,
                    "INSERT INTO bp_facility (run_key, facility_number, state_code)"
                            + " SELECT ?, facility, state FROM facility"
                            + " WHERE run = ? AND state <> 0",
                    runKey,
                    PLAIN_RUN);
            execute(
                    connection,
                    "UPDATE bp_facility_count c SET facilities = n.facilities"
                            + " FROM (SELECT state, count(*) AS facilities FROM facility"
                            + " WHERE run = ? GROUP BY state) n"
                            + " WHERE c.run_key = ? AND c.state_code = n.state",
                    PLAIN_RUN,
                    runKey);
            connection.commit();
            connection.setAutoCommit(true);
            execute(connection, "VACUUM ANALYZE facility");
            execute(connection, "VACUUM ANALYZE bp_facility");
            execute(connection, "VACUUM ANALYZE bp_facility_count");
        }
    }

    private static void execute(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    @TearDown(Level.Trial)
    public void dropSchema() throws SQLException {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            try (Connection connection = settings.dataSource(Optional.empty()).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** Reads the run's counters in one statement and computes the progress (ours). */
    @Benchmark
    public Progress jdbcSourceQuery() {
        RunState state = source.load(scope, runs).get(run);
        return ProgressCalculator.progress(Objects.requireNonNull(state));
    }

    /** Counts the run's facility rows by state and computes the progress (the alternative). */
    @Benchmark
    public Progress groupByQuery() throws SQLException {
        long[] counts = new long[FacilityStatus.count()];
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(GROUP_BY)) {
            statement.setLong(1, PLAIN_RUN);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts[rows.getInt(1)] = rows.getLong(2);
                }
            }
        }
        return Recompute.fromCounts(counts);
    }
}
