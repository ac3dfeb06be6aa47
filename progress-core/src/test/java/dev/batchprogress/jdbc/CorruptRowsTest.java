package dev.batchprogress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.ProgressUnavailableException;
import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rows that break the progress invariants, written behind the recorder's back: the query through
 * the cache is unavailable, the broken state is never cached, and once the rows are repaired the
 * next query gets the right answer.
 */
class CorruptRowsTest {

    private static final TrackingId SHED = TrackingId.of("0x" + "c1".repeat(32));
    private static final TrackingId RUN = TrackingId.of("0x" + "c2".repeat(32));
    private static final Caller CALLER = new Caller("ann", "acme", Set.of(Permission.READ));

    private PostgresDatabase database;
    private HikariDataSource pool;
    private CachingRunStateSource cache;
    private ProgressTracker tracker;

    @BeforeEach
    void recordRuns() {
        database = PostgresDatabase.create();
        pool = database.pool(2);
        JdbcRunRecorder recorder = JdbcRunRecorder.create(pool);
        recorder.register(RunRegistration.supplyShed(SHED, "acme", Pipeline.SUPPLY_SHED, 10));
        recorder.moveFacility(SHED, 0, 1);
        recorder.failFacility(SHED, 1);
        recorder.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
        recorder.startStage(RUN, 1);
        recorder.addTasks(RUN, 1, 0, 4);
        recorder.recordTaskOutcome(RUN, 1, 0, TaskOutcome.SUCCEEDED);
        cache = CachingRunStateSource.builder(JdbcRunStateSource.create(pool)).build();
        tracker = ProgressTracker.create(cache);
    }

    @AfterEach
    void dropSchema() {
        if (cache != null) {
            cache.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "queued count beyond the total"
                        + "|UPDATE bp_facility_count SET facilities = facilities + 5"
                        + " WHERE state_code = 0"
                        + "|UPDATE bp_facility_count SET facilities = facilities - 5"
                        + " WHERE state_code = 0",
                "failed count below the total"
                        + "|UPDATE bp_facility_count SET facilities = 0 WHERE state_code = 9"
                        + "|UPDATE bp_facility_count SET facilities = 1 WHERE state_code = 9",
                "flow numbers with a gap"
                        + "|UPDATE bp_flow SET flow_number = 99 WHERE flow_number = 3"
                        + "|UPDATE bp_flow SET flow_number = 3 WHERE flow_number = 99",
                "more tasks ended than added"
                        + "|UPDATE bp_stage SET task_succeeded = 9 WHERE stage_number = 1"
                        + "|UPDATE bp_stage SET task_succeeded = 1 WHERE stage_number = 1",
                "unknown phase"
                        + "|ALTER TABLE bp_flow DROP CONSTRAINT bp_flow_phase_check;"
                        + " UPDATE bp_flow SET phase = 'LATER' WHERE flow_number = 1"
                        + "|UPDATE bp_flow SET phase = 'PREPROCESSING' WHERE flow_number = 1"
            })
    void corruptRows_areUnavailableAndNeverCached(String what, String corrupt, String repair) {
        ProgressQuery query = ProgressQuery.ofTrackingIds(List.of(SHED.value()));
        ProgressQuery runQuery = ProgressQuery.ofTrackingId(RUN.value());
        Progress shedBefore = tracker.progress(CALLER, query);
        Progress runBefore = tracker.progress(CALLER, runQuery);
        cache.invalidate("acme", SHED, null);
        cache.invalidate("acme", RUN, null);

        execute(corrupt);

        ProgressQuery broken = what.contains("tasks") ? runQuery : query;
        assertThatThrownBy(() -> tracker.progress(CALLER, broken))
                .as(what)
                .isInstanceOf(ProgressUnavailableException.class);
        assertThatThrownBy(() -> tracker.progress(CALLER, broken))
                .as("%s, asked again", what)
                .isInstanceOf(ProgressUnavailableException.class);

        execute(repair);

        assertThat(tracker.progress(CALLER, query)).isEqualTo(shedBefore);
        assertThat(tracker.progress(CALLER, runQuery)).isEqualTo(runBefore);
    }

    private void execute(String sql) {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }
}
