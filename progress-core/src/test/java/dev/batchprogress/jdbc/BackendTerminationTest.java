package dev.batchprogress.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.ProgressUnavailableException;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RunRegistration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the database backend of a request while it waits inside a statement, with {@code
 * pg_terminate_backend}: the request fails as unavailable, the next one succeeds, and no recorded
 * event is lost or counted twice.
 */
class BackendTerminationTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "7e".repeat(32));
    private static final Caller CALLER = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private PostgresDatabase database;
    private HikariDataSource sourcePool;
    private HikariDataSource recorderPool;

    @BeforeEach
    void createSchema() {
        database = PostgresDatabase.create();
        sourcePool = pool("bp-fault-source");
        recorderPool = pool("bp-fault-recorder");
        JdbcRunRecorder.create(recorderPool)
                .register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 10));
    }

    @AfterEach
    void dropSchema() {
        if (sourcePool != null) {
            sourcePool.close();
        }
        if (recorderPool != null) {
            recorderPool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private HikariDataSource pool(String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource(applicationName));
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    @Test
    void killedQuery_answersUnavailableThenRecovers() throws Exception {
        ProgressTracker tracker = ProgressTracker.create(JdbcRunStateSource.create(sourcePool));

        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE bp_run IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Object> request =
                    CompletableFuture.supplyAsync(
                            () ->
                                    tracker.progress(
                                            CALLER, ProgressQuery.ofTrackingId(RUN.value())));
            terminate(awaitWaitingBackend("bp-fault-source"));

            assertThatThrownBy(() -> request.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ProgressUnavailableException.class);
            holder.rollback();
        }

        SupplyShedProgress after =
                (SupplyShedProgress)
                        tracker.progress(CALLER, ProgressQuery.ofTrackingId(RUN.value()));
        assertThat(after.queued()).isEqualTo(10);
    }

    @Test
    void killedEvent_isRetriedAndCountedOnce() throws Exception {
        JdbcRunRecorder recorder = JdbcRunRecorder.create(recorderPool);

        CompletableFuture<Recorded> event;
        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock =
                    holder.prepareStatement("SELECT 1 FROM bp_run WHERE run_key = ? FOR UPDATE")) {
                lock.setString(1, RUN.key());
                lock.executeQuery().close();
            }
            event = CompletableFuture.supplyAsync(() -> recorder.moveFacility(RUN, 3, 1));
            terminate(awaitWaitingBackend("bp-fault-recorder"));
            awaitWaitingBackend("bp-fault-recorder");
            holder.commit();
        }

        assertThat(event.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Recorded.APPLIED);
        assertThat(recorder.moveFacility(RUN, 3, 1)).isEqualTo(Recorded.ALREADY_APPLIED);
        SupplyShedState state =
                (SupplyShedState)
                        JdbcRunStateSource.create(sourcePool)
                                .load(VisibilityScope.all(), List.of(RUN))
                                .get(RUN);
        assertThat(state.inFlow().get(0)).isEqualTo(1);
        assertThat(state.queued()).isEqualTo(9);
        assertThat(state.version()).isEqualTo(1);
    }

    /** Returns the pid of a backend of the application that waits for a lock, once one does. */
    private int awaitWaitingBackend(String applicationName) throws SQLException {
        Instant deadline = Instant.now().plus(WAIT);
        try (Connection monitor = PostgresDatabase.admin().getConnection();
                PreparedStatement select =
                        monitor.prepareStatement(
                                "SELECT pid FROM pg_stat_activity WHERE application_name = ?"
                                        + " AND wait_event_type = 'Lock'")) {
            select.setString(1, applicationName);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return row.getInt(1);
                    }
                }
            }
        }
        throw new AssertionError(
                "no backend of " + applicationName + " waited for a lock within " + WAIT);
    }

    private static void terminate(int pid) throws SQLException {
        try (Connection admin = PostgresDatabase.admin().getConnection();
                PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            try (ResultSet row = kill.executeQuery()) {
                row.next();
                assertThat(row.getBoolean(1)).as("pg_terminate_backend(%d)", pid).isTrue();
            }
        }
    }
}
