package dev.batchprogress.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL schema of its own for one test class, created on the project's test database and
 * dropped afterwards.
 *
 * <p>The database is {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres} without
 * a password, unless {@code PROGRESS_JDBC_URL}, {@code PROGRESS_JDBC_USER} and {@code
 * PROGRESS_JDBC_PASSWORD} say otherwise. Where it cannot be reached, tests that need it are skipped
 * with the reason, unless {@code PROGRESS_REQUIRE_POSTGRES=1}, which makes them fail instead.
 */
public final class PostgresDatabase implements AutoCloseable {

    static final String URL =
            envOrDefault("PROGRESS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = envOrDefault("PROGRESS_JDBC_USER", "postgres");
    static final String PASSWORD = envOrDefault("PROGRESS_JDBC_PASSWORD", "");

    private final String schema;

    private PostgresDatabase(String schema) {
        this.schema = schema;
    }

    /**
     * Creates a fresh schema with the run-state tables, or skips (or fails) the calling test when
     * the database cannot be reached.
     */
    public static PostgresDatabase create() {
        String schema = "bp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = admin().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String reason =
                    "PostgreSQL at "
                            + URL
                            + " as "
                            + USER
                            + " is not reachable ("
                            + e.getMessage()
                            + "); set PROGRESS_JDBC_URL, PROGRESS_JDBC_USER and"
                            + " PROGRESS_JDBC_PASSWORD to use another database";
            if ("1".equals(System.getenv("PROGRESS_REQUIRE_POSTGRES"))) {
                Assertions.fail(reason + ", and PROGRESS_REQUIRE_POSTGRES=1 requires it");
            }
            Assumptions.abort(reason);
        }
        PostgresDatabase database = new PostgresDatabase(schema);
        try {
            JdbcSchema.create(database.dataSource());
        } catch (SQLException e) {
            database.close();
            throw new IllegalStateException("cannot create the schema in " + schema, e);
        }
        return database;
    }

    /** Returns a data source whose connections use this schema. */
    public PGSimpleDataSource dataSource() {
        return dataSource("batch-progress-test");
    }

    /**
     * Returns a data source whose connections use this schema and report an application name, so a
     * test can find their backends in {@code pg_stat_activity}.
     */
    public PGSimpleDataSource dataSource(String applicationName) {
        PGSimpleDataSource dataSource = admin();
        dataSource.setCurrentSchema(schema);
        dataSource.setApplicationName(applicationName);
        return dataSource;
    }

    /**
     * Returns a connection pool on this schema, as applications use; the caller closes it.
     *
     * @param maximumPoolSize the most connections the pool opens
     */
    public HikariDataSource pool(int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource("batch-progress-test-pool"));
        config.setMaximumPoolSize(maximumPoolSize);
        config.setPoolName("test-" + schema);
        return new HikariDataSource(config);
    }

    /** Returns a data source on the database's default schema. */
    static PGSimpleDataSource admin() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(URL);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    /** Returns this test's schema name. */
    public String schema() {
        return schema;
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
        try (Connection connection = admin().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    private static String envOrDefault(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "schema " + schema.toLowerCase(Locale.ROOT) + " at " + URL;
    }
}
