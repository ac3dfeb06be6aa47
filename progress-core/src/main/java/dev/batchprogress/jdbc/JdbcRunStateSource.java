package dev.batchprogress.jdbc;

import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A run-state source that reads the tables of {@link JdbcSchema} through any {@link DataSource}.
 *
 * <p>Every lookup is one SQL statement, so one query costs one round trip however many ids it
 * names, and the statement reads one consistent state of each run. Counts come from counters that
 * the recorder maintains, so a run of a million facilities costs a handful of rows. Lookups are
 * filtered by the caller's organization in the statement itself. A statement that fails, exceeds
 * the query timeout, or reads a state that breaks the progress invariants throws {@link
 * SourceUnavailableException}.
 */
public final class JdbcRunStateSource implements RunStateSource {

    /**
     * The maximum number of ids bound into one statement. Longer lists are split, one statement per
     * part.
     */
    static final int MAX_IDS_PER_STATEMENT = 1000;

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    private JdbcRunStateSource(DataSource dataSource, Duration queryTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.queryTimeoutSeconds =
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds()));
    }

    /**
     * Returns a source over a database, with a query timeout of 5 seconds.
     *
     * @param dataSource the database that contains the schema's tables
     * @return the source
     */
    public static JdbcRunStateSource create(DataSource dataSource) {
        return new JdbcRunStateSource(dataSource, Duration.ofSeconds(5));
    }

    /**
     * Returns a source over a database with a query timeout.
     *
     * @param dataSource the database that contains the schema's tables
     * @param queryTimeout how long one statement may run, rounded down to whole seconds and at
     *     least 1 second, as {@link java.sql.Statement#setQueryTimeout} counts
     * @return the source
     */
    public static JdbcRunStateSource create(DataSource dataSource, Duration queryTimeout) {
        return new JdbcRunStateSource(dataSource, queryTimeout);
    }

    @Override
    public Map<TrackingId, RunState> load(
            VisibilityScope scope, Collection<TrackingId> trackingIds) {
        Objects.requireNonNull(scope, "scope");
        List<TrackingId> distinct = List.copyOf(new LinkedHashSet<>(trackingIds));
        Map<TrackingId, RunState> found = new LinkedHashMap<>();
        for (int from = 0; from < distinct.size(); from += MAX_IDS_PER_STATEMENT) {
            List<TrackingId> part =
                    distinct.subList(from, Math.min(distinct.size(), from + MAX_IDS_PER_STATEMENT));
            for (RunState state : loadPart(scope, part)) {
                found.put(state.trackingId(), state);
            }
        }
        // Key every state by the id as requested, so a caller that sent 0xAB… finds it under 0xAB….
        Map<TrackingId, RunState> byRequestedId = new LinkedHashMap<>();
        for (TrackingId trackingId : distinct) {
            RunState state = found.get(trackingId);
            if (state != null) {
                byRequestedId.put(trackingId, state);
            }
        }
        return byRequestedId;
    }

    private List<RunState> loadPart(VisibilityScope scope, List<TrackingId> trackingIds) {
        StringBuilder sql = new StringBuilder(RunRows.SELECT).append(" WHERE r.run_key IN (");
        for (int i = 0; i < trackingIds.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        List<Object> parameters = new ArrayList<>();
        trackingIds.forEach(trackingId -> parameters.add(trackingId.key()));
        appendScope(sql, parameters, scope);
        sql.append(RunRows.ORDER);
        return query(sql.toString(), parameters, "tracking ids " + describe(trackingIds));
    }

    @Override
    public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        Objects.requireNonNull(scope, "scope");
        StringBuilder sql =
                new StringBuilder(RunRows.SELECT)
                        .append(
                                " WHERE r.run_key = (SELECT f.run_key FROM bp_run f"
                                        + " WHERE f.filename_key = ?");
        List<Object> parameters = new ArrayList<>(List.of(filename.key()));
        scope.onlyOrganization()
                .ifPresent(
                        organization -> {
                            sql.append(" AND f.organization = ?");
                            parameters.add(organization);
                        });
        sql.append(" ORDER BY f.registration_order DESC FETCH FIRST 1 ROWS ONLY)");
        sql.append(RunRows.ORDER);
        List<RunState> states = query(sql.toString(), parameters, "filename " + filename.echo());
        return states.stream().findFirst();
    }

    @Override
    public List<RunState> list(VisibilityScope scope, int limit) {
        Objects.requireNonNull(scope, "scope");
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "limit " + limit + " is invalid; expected at least 1");
        }
        StringBuilder sql =
                new StringBuilder(RunRows.SELECT)
                        .append(" WHERE r.run_key IN (SELECT l.run_key FROM bp_run l");
        List<Object> parameters = new ArrayList<>();
        scope.onlyOrganization()
                .ifPresent(
                        organization -> {
                            sql.append(" WHERE l.organization = ?");
                            parameters.add(organization);
                        });
        sql.append(" ORDER BY l.registration_order DESC FETCH FIRST ? ROWS ONLY)");
        parameters.add(limit);
        sql.append(RunRows.ORDER);
        return query(sql.toString(), parameters, "the runs of " + scope);
    }

    private static void appendScope(
            StringBuilder sql, List<Object> parameters, VisibilityScope scope) {
        scope.onlyOrganization()
                .ifPresent(
                        organization -> {
                            sql.append(" AND r.organization = ?");
                            parameters.add(organization);
                        });
    }

    private List<RunState> query(String sql, List<Object> parameters, String subject) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return RunRows.read(rows);
            }
        } catch (SQLException e) {
            throw new SourceUnavailableException(
                    "reading " + subject + " failed: SQL state " + e.getSQLState(), e);
        } catch (IllegalArgumentException e) {
            throw new SourceUnavailableException(
                    "the database contains an invalid state for " + subject + ": " + e.getMessage(),
                    e);
        }
    }

    private static String describe(Collection<TrackingId> trackingIds) {
        Set<String> shown = new LinkedHashSet<>();
        trackingIds.stream().limit(10).forEach(trackingId -> shown.add(trackingId.echo()));
        return shown
                + (trackingIds.size() > 10 ? " and " + (trackingIds.size() - 10) + " more" : "");
    }
}
