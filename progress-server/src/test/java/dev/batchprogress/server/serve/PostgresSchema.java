package dev.batchprogress.server.serve;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL schema of its own for one test, created on the project's test database and dropped
 * afterwards. The server under test reaches it through the {@code currentSchema} parameter of its
 * JDBC URL.
 *
 * <p>The database is {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres} without
 * a password, unless {@code PROGRESS_JDBC_URL}, {@code PROGRESS_JDBC_USER} and {@code
 * PROGRESS_JDBC_PASSWORD} set others. Where it cannot be reached, the calling test is skipped with
 * the reason, unless {@code PROGRESS_REQUIRE_POSTGRES=1}, which makes it fail instead.
 */
final class PostgresSchema implements AutoCloseable {

    private static final String URL =
            envOrDefault("PROGRESS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = envOrDefault("PROGRESS_JDBC_USER", "postgres");
    private static final String PASSWORD = envOrDefault("PROGRESS_JDBC_PASSWORD", "");

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /** Creates an empty schema, or skips (or fails) the calling test when there is no database. */
    static PostgresSchema create() {
        String name = "bp_serve_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
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
        return new PostgresSchema(name);
    }

    /** Returns the settings of a server whose connections use this schema. */
    DatabaseSettings settings() {
        String separator = URL.contains("?") ? "&" : "?";
        return new DatabaseSettings(URL + separator + "currentSchema=" + name, USER, PASSWORD);
    }

    /** Returns the number of rows of a table of this schema. */
    long rows(String table) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT count(*) FROM " + name + "." + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + name, e);
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(URL, properties);
    }

    private static String envOrDefault(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return "schema " + name + " at " + URL;
    }
}
