package dev.batchprogress.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The database schema of run state, shipped as the resource {@code
 * dev/batchprogress/jdbc/schema.sql} and written for PostgreSQL 10 or newer. Its comments document
 * every table. Creating it is idempotent: every statement is {@code IF NOT EXISTS}.
 */
public final class JdbcSchema {

    private static final String RESOURCE = "schema.sql";

    private JdbcSchema() {}

    /** {@return the DDL text of the schema} */
    public static String ddl() {
        try (InputStream in = JdbcSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource dev/batchprogress/jdbc/" + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema resource", e);
        }
    }

    /**
     * Creates the tables and indexes that do not exist yet, in the connection's current schema.
     *
     * @param dataSource the database
     * @throws SQLException if a statement fails
     */
    public static void create(DataSource dataSource) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements(ddl())) {
                statement.execute(sql);
            }
        }
    }

    /** Splits the DDL into statements, dropping comment lines; no statement contains a ';'. */
    static List<String> statements(String ddl) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : ddl.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";", -1)) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
