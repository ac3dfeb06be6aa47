package dev.batchprogress.jmh;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connection settings of the database benchmark: {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as user {@code postgres} without a password, the project's test database, unless {@code
 * PROGRESS_JDBC_URL}, {@code PROGRESS_JDBC_USER} and {@code PROGRESS_JDBC_PASSWORD} set another.
 *
 * @param url the JDBC URL
 * @param user the user, who may create and drop schemas
 * @param password the password, empty for none
 */
public record PostgresSettings(String url, String user, String password) {

    /** Returns the settings from the environment, with the test database as the default. */
    public static PostgresSettings fromEnvironment() {
        return new PostgresSettings(
                environment("PROGRESS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                environment("PROGRESS_JDBC_USER", "postgres"),
                environment("PROGRESS_JDBC_PASSWORD", ""));
    }

    /** Returns a data source whose connections use the given schema, or the default one. */
    PGSimpleDataSource dataSource(Optional<String> schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(5);
        dataSource.setApplicationName("batch-progress-benchmark");
        schema.ifPresent(dataSource::setCurrentSchema);
        return dataSource;
    }

    /**
     * Returns why the database cannot be reached, or empty when a connection opens.
     *
     * @return a sentence naming the URL, the user and the driver's message
     */
    public Optional<String> unreachableReason() {
        try (Connection connection = dataSource(Optional.empty()).getConnection()) {
            return connection.isValid(5)
                    ? Optional.empty()
                    : Optional.of(
                            "PostgreSQL at " + url + " opened a connection that is not valid");
        } catch (SQLException e) {
            return Optional.of(
                    "PostgreSQL at "
                            + url
                            + " as "
                            + user
                            + " is not reachable ("
                            + e.getMessage()
                            + "); set PROGRESS_JDBC_URL, PROGRESS_JDBC_USER and"
                            + " PROGRESS_JDBC_PASSWORD to use another database");
        }
    }

    /** Returns a new schema name for one benchmark run, so that runs never share tables. */
    static String newSchemaName() {
        return "bp_bench_"
                + UUID.randomUUID()
                        .toString()
                        .replace("-", "")
                        .substring(0, 16)
                        .toLowerCase(Locale.ROOT);
    }

    /** Returns the URL and the user, never the password. */
    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", user=" + user + "]";
    }

    private static String environment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
