package dev.batchprogress.jdbc;

import dev.batchprogress.model.Flow;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.StorableText;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.FacilityStates;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecorderUnavailableException;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunChangeListener;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.recording.UnknownRunException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A recorder that keeps run state in the tables of {@link JdbcSchema}, with the same events, rules
 * and messages as the in-memory engine.
 *
 * <p>Each event is one transaction. It locks its run's row, so the events of one run apply one at a
 * time whichever connection or process sends them. It then validates the transition, updates the
 * facility or task row and the counters derived from it, and bumps the run's version. A repeated
 * event changes nothing and returns {@link Recorded#ALREADY_APPLIED}; a rejected one rolls back and
 * throws a {@link RecordingException}. A transaction that fails on a deadlock, a serialization
 * conflict or a lost connection is retried; because events are idempotent, a retry after a commit
 * whose outcome was lost counts once. When every attempt fails, the event throws {@link
 * RecorderUnavailableException}.
 */
public final class JdbcRunRecorder implements RunRecorder {

    private static final System.Logger LOG = System.getLogger(JdbcRunRecorder.class.getName());
    private static final int MAX_ATTEMPTS = 3;
    private static final int TASK_PENDING = 1;
    private static final int TASK_SUCCEEDED = 2;
    private static final int TASK_FAILED = 3;

    private final DataSource dataSource;
    private final InstantSource clock;
    private final RunChangeListener listener;

    private JdbcRunRecorder(
            DataSource dataSource, InstantSource clock, RunChangeListener listener) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Returns a recorder over a database, reading time from the system clock.
     *
     * @param dataSource the database that contains the schema's tables
     * @return the recorder
     */
    public static JdbcRunRecorder create(DataSource dataSource) {
        return new JdbcRunRecorder(dataSource, InstantSource.system(), RunChangeListener.NONE);
    }

    /**
     * Returns a recorder over a database.
     *
     * @param dataSource the database that contains the schema's tables
     * @param clock the source of registration and change times
     * @param listener notified after every committed change, such as a cache to invalidate
     * @return the recorder
     */
    public static JdbcRunRecorder create(
            DataSource dataSource, InstantSource clock, RunChangeListener listener) {
        return new JdbcRunRecorder(dataSource, clock, listener);
    }

    /** The columns of a locked run row that events need. */
    private record LockedRun(
            TrackingId trackingId,
            RunKind kind,
            String organization,
            @Nullable String filenameKey,
            int flows,
            int facilities,
            @Nullable String skipReason) {

        @Nullable TrackingId filename() {
            return filenameKey == null ? null : TrackingId.of(filenameKey);
        }
    }

    /** The work of one transaction; it returns what the event did to the run. */
    @FunctionalInterface
    private interface Work {
        Recorded run(Connection connection, ChangedRun changed) throws SQLException;
    }

    /**
     * The run an event changed, if it changed one, so the listener is notified after the commit.
     */
    private static final class ChangedRun {
        @Nullable String organization;
        @Nullable TrackingId trackingId;
        @Nullable TrackingId filename;

        void set(String organization, TrackingId trackingId, @Nullable TrackingId filename) {
            this.organization = organization;
            this.trackingId = trackingId;
            this.filename = filename;
        }
    }

    @Override
    public Recorded register(RunRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        TrackingId run = registration.trackingId();
        return transaction(
                run,
                "register",
                (connection, changed) -> {
                    if (!insertRun(connection, registration)) {
                        return compareRegistration(connection, registration);
                    }
                    insertPipeline(connection, registration);
                    changed.set(registration.organization(), run, registration.filename());
                    return Recorded.APPLIED;
                });
    }

    private boolean insertRun(Connection connection, RunRegistration registration)
            throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        TrackingId filename = registration.filename();
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO bp_run (run_key, tracking_id, kind, organization, filename,"
                                + " filename_key, pipeline_name, flow_count, facility_count, version,"
                                + " registered_at, changed_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                                + " ON CONFLICT (run_key) DO NOTHING")) {
            insert.setString(1, registration.trackingId().key());
            insert.setString(2, registration.trackingId().value());
            insert.setString(3, registration.kind().name());
            insert.setString(4, registration.organization());
            insert.setString(5, filename == null ? null : filename.value());
            insert.setString(6, filename == null ? null : filename.key());
            insert.setString(7, registration.pipeline().name());
            insert.setInt(8, registration.pipeline().size());
            insert.setInt(9, registration.facilities());
            insert.setTimestamp(10, now);
            insert.setTimestamp(11, now);
            return insert.executeUpdate() == 1;
        }
    }

    private static void insertPipeline(Connection connection, RunRegistration registration)
            throws SQLException {
        String runKey = registration.trackingId().key();
        List<Flow> flows = registration.pipeline().flows();
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO bp_flow (run_key, flow_number, name, phase) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < flows.size(); i++) {
                insert.setString(1, runKey);
                insert.setInt(2, i + 1);
                insert.setString(3, flows.get(i).name());
                insert.setString(4, flows.get(i).phase().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        if (registration.kind() == RunKind.BATCH_PROCESS) {
            try (PreparedStatement insert =
                    connection.prepareStatement(
                            "INSERT INTO bp_stage (run_key, stage_number, status) VALUES (?, ?, ?)")) {
                for (int stage = 1; stage <= flows.size(); stage++) {
                    insert.setString(1, runKey);
                    insert.setInt(2, stage);
                    insert.setString(3, StageStatus.PENDING.name());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return;
        }
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "INSERT INTO bp_facility_count (run_key, state_code, facilities)"
                                + " VALUES (?, ?, ?)")) {
            for (int code = FacilityStates.QUEUED;
                    code <= FacilityStates.ungeocoded(flows.size());
                    code++) {
                insert.setString(1, runKey);
                insert.setInt(2, code);
                insert.setLong(3, code == FacilityStates.QUEUED ? registration.facilities() : 0);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Recorded compareRegistration(Connection connection, RunRegistration registration)
            throws SQLException {
        TrackingId run = registration.trackingId();
        RunRegistration existing;
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT tracking_id, kind, organization, filename, pipeline_name,"
                                + " facility_count FROM bp_run WHERE run_key = ?")) {
            select.setString(1, run.key());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException(
                            "run " + run.echo() + " vanished during registration", "40001");
                }
                String filename = row.getString("filename");
                existing =
                        new RunRegistration(
                                TrackingId.of(row.getString("tracking_id")),
                                RunKind.valueOf(row.getString("kind")),
                                row.getString("organization"),
                                filename == null ? null : TrackingId.of(filename),
                                new Pipeline(
                                        row.getString("pipeline_name"), readFlows(connection, run)),
                                row.getInt("facility_count"));
            }
        }
        if (!existing.equals(registration)) {
            throw Rejections.conflict(existing, registration);
        }
        return Recorded.ALREADY_APPLIED;
    }

    private static List<Flow> readFlows(Connection connection, TrackingId run) throws SQLException {
        List<Flow> flows = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT name, phase FROM bp_flow WHERE run_key = ? ORDER BY flow_number")) {
            select.setString(1, run.key());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    flows.add(
                            new Flow(
                                    rows.getString("name"),
                                    Phase.valueOf(rows.getString("phase"))));
                }
            }
        }
        return flows;
    }

    private static Pipeline readPipeline(Connection connection, TrackingId run)
            throws SQLException {
        String name;
        try (PreparedStatement select =
                connection.prepareStatement("SELECT pipeline_name FROM bp_run WHERE run_key = ?")) {
            select.setString(1, run.key());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                name = row.getString(1);
            }
        }
        return new Pipeline(name, readFlows(connection, run));
    }

    @Override
    public Recorded startStage(TrackingId run, int stage) {
        return moveStage(run, stage, StageStatus.RUNNING, "startStage");
    }

    @Override
    public Recorded succeedStage(TrackingId run, int stage) {
        return moveStage(run, stage, StageStatus.SUCCEEDED, "succeedStage");
    }

    @Override
    public Recorded failStage(TrackingId run, int stage) {
        return moveStage(run, stage, StageStatus.FAILED, "failStage");
    }

    private Recorded moveStage(TrackingId run, int stage, StageStatus target, String event) {
        return transaction(
                run,
                event,
                (connection, changed) -> {
                    LockedRun locked = lockBatchProcess(connection, run, event, stage);
                    StageStatus from = stageStatus(connection, run, stage);
                    if (locked.skipReason() != null) {
                        throw Rejections.skipped(
                                locked.trackingId(), "stage " + stage, target.name());
                    }
                    if (from == target) {
                        return Recorded.ALREADY_APPLIED;
                    }
                    if (!from.canMoveTo(target)) {
                        throw new IllegalTransitionException(
                                locked.trackingId(), "stage " + stage, from.name(), target.name());
                    }
                    try (PreparedStatement update =
                            connection.prepareStatement(
                                    "UPDATE bp_stage SET status = ?"
                                            + " WHERE run_key = ? AND stage_number = ?")) {
                        update.setString(1, target.name());
                        update.setString(2, run.key());
                        update.setInt(3, stage);
                        update.executeUpdate();
                    }
                    return changed(connection, locked, changed);
                });
    }

    @Override
    public Recorded addTasks(TrackingId run, int stage, int firstTask, int count) {
        return transaction(
                run,
                "addTasks",
                (connection, changed) -> {
                    LockedRun locked = lockBatchProcess(connection, run, "addTasks", stage);
                    if (!Rejections.validTaskRange(firstTask, count)) {
                        throw Rejections.tasksOutOfRange(
                                locked.trackingId(), stage, firstTask, count);
                    }
                    StageStatus status = stageStatus(connection, run, stage);
                    if (locked.skipReason() != null) {
                        throw Rejections.skipped(
                                locked.trackingId(), "stage " + stage, "tasks added");
                    }
                    if (status.ended()) {
                        throw Rejections.tasksAddedToEndedStage(
                                locked.trackingId(), stage, status.name());
                    }
                    int added;
                    try (PreparedStatement insert =
                            connection.prepareStatement(
                                    "INSERT INTO bp_task (run_key, stage_number, task_number, outcome)"
                                            + " SELECT ?, ?, task, ? FROM generate_series(?, ?) AS task"
                                            + " ON CONFLICT DO NOTHING")) {
                        insert.setString(1, run.key());
                        insert.setInt(2, stage);
                        insert.setInt(3, TASK_PENDING);
                        insert.setInt(4, firstTask);
                        insert.setInt(5, firstTask + count - 1);
                        added = insert.executeUpdate();
                    }
                    if (added == 0) {
                        return Recorded.ALREADY_APPLIED;
                    }
                    updateStageCounters(connection, run, stage, added, 0, 0);
                    return changed(connection, locked, changed);
                });
    }

    @Override
    public Recorded recordTaskOutcome(TrackingId run, int stage, int task, TaskOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        int target = outcome == TaskOutcome.SUCCEEDED ? TASK_SUCCEEDED : TASK_FAILED;
        return transaction(
                run,
                "recordTaskOutcome",
                (connection, changed) -> {
                    LockedRun locked =
                            lockBatchProcess(connection, run, "recordTaskOutcome", stage);
                    StageStatus status = stageStatus(connection, run, stage);
                    int from = taskOutcome(connection, run, stage, task);
                    boolean open = locked.skipReason() == null && !status.ended();
                    if (open && from == target) {
                        return Recorded.ALREADY_APPLIED;
                    }
                    if (open && from == TASK_PENDING) {
                        try (PreparedStatement update =
                                connection.prepareStatement(
                                        "UPDATE bp_task SET outcome = ? WHERE run_key = ?"
                                                + " AND stage_number = ? AND task_number = ?")) {
                            update.setInt(1, target);
                            update.setString(2, run.key());
                            update.setInt(3, stage);
                            update.setInt(4, task);
                            update.executeUpdate();
                        }
                        boolean succeeded = target == TASK_SUCCEEDED;
                        updateStageCounters(
                                connection, run, stage, 0, succeeded ? 1 : 0, succeeded ? 0 : 1);
                        return changed(connection, locked, changed);
                    }
                    if (locked.skipReason() != null) {
                        throw Rejections.skipped(
                                locked.trackingId(),
                                "task " + task + " of stage " + stage,
                                outcome.name());
                    }
                    if (from == 0) {
                        throw Rejections.taskNeverAdded(locked.trackingId(), stage, task);
                    }
                    if (status.ended()) {
                        throw Rejections.outcomeInEndedStage(
                                locked.trackingId(), stage, task, status.name(), outcome);
                    }
                    TaskOutcome current =
                            from == TASK_SUCCEEDED ? TaskOutcome.SUCCEEDED : TaskOutcome.FAILED;
                    throw Rejections.taskAlreadyEnded(
                            locked.trackingId(), stage, task, current, outcome);
                });
    }

    private static void updateStageCounters(
            Connection connection, TrackingId run, int stage, int added, int succeeded, int failed)
            throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement(
                        "UPDATE bp_stage SET task_total = task_total + ?,"
                                + " task_succeeded = task_succeeded + ?, task_failed = task_failed + ?"
                                + " WHERE run_key = ? AND stage_number = ?")) {
            update.setInt(1, added);
            update.setInt(2, succeeded);
            update.setInt(3, failed);
            update.setString(4, run.key());
            update.setInt(5, stage);
            update.executeUpdate();
        }
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, int flow) {
        return transaction(
                run,
                "moveFacility",
                (connection, changed) -> {
                    LockedRun locked = lockSupplyShed(connection, run, "moveFacility");
                    if (flow < 1 || flow > locked.flows()) {
                        throw Rejections.flowOutOfRange(locked.trackingId(), flow, locked.flows());
                    }
                    return moveFacility(connection, locked, facility, flow, changed);
                });
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, String flowName) {
        Objects.requireNonNull(flowName, "flowName");
        return transaction(
                run,
                "moveFacility",
                (connection, changed) -> {
                    LockedRun locked = lockSupplyShed(connection, run, "moveFacility");
                    Pipeline pipeline = readPipeline(connection, run);
                    OptionalInt flow = pipeline.numberOf(flowName);
                    if (flow.isEmpty()) {
                        throw Rejections.unknownFlow(locked.trackingId(), flowName, pipeline);
                    }
                    return moveFacility(connection, locked, facility, flow.getAsInt(), changed);
                });
    }

    @Override
    public Recorded completeFacility(TrackingId run, int facility) {
        return facilityEvent(run, facility, "completeFacility", FacilityStates::completed);
    }

    @Override
    public Recorded failFacility(TrackingId run, int facility) {
        return facilityEvent(run, facility, "failFacility", FacilityStates::failed);
    }

    @Override
    public Recorded markUngeocoded(TrackingId run, int facility) {
        return facilityEvent(run, facility, "markUngeocoded", FacilityStates::ungeocoded);
    }

    private Recorded facilityEvent(
            TrackingId run,
            int facility,
            String event,
            java.util.function.IntUnaryOperator target) {
        return transaction(
                run,
                event,
                (connection, changed) -> {
                    LockedRun locked = lockSupplyShed(connection, run, event);
                    return moveFacility(
                            connection,
                            locked,
                            facility,
                            target.applyAsInt(locked.flows()),
                            changed);
                });
    }

    private Recorded moveFacility(
            Connection connection, LockedRun locked, int facility, int target, ChangedRun changed)
            throws SQLException {
        TrackingId run = locked.trackingId();
        if (facility < 0 || facility >= locked.facilities()) {
            throw Rejections.facilityOutOfRange(locked.trackingId(), facility, locked.facilities());
        }
        int from = facilityState(connection, run, facility);
        if (locked.skipReason() != null) {
            throw Rejections.skipped(
                    locked.trackingId(),
                    "facility " + facility,
                    FacilityStates.name(readPipeline(connection, run), target));
        }
        if (from == target) {
            return Recorded.ALREADY_APPLIED;
        }
        if (!FacilityStates.allowed(locked.flows(), from, target)) {
            Pipeline pipeline = readPipeline(connection, run);
            throw new IllegalTransitionException(
                    run,
                    "facility " + facility,
                    FacilityStates.name(pipeline, from),
                    FacilityStates.name(pipeline, target));
        }
        try (PreparedStatement upsert =
                connection.prepareStatement(
                        "INSERT INTO bp_facility (run_key, facility_number, state_code) VALUES (?, ?, ?)"
                                + " ON CONFLICT (run_key, facility_number)"
                                + " DO UPDATE SET state_code = EXCLUDED.state_code")) {
            upsert.setString(1, run.key());
            upsert.setInt(2, facility);
            upsert.setInt(3, target);
            upsert.executeUpdate();
        }
        try (PreparedStatement update =
                connection.prepareStatement(
                        "UPDATE bp_facility_count SET facilities = facilities"
                                + " + CASE WHEN state_code = ? THEN 1 ELSE -1 END"
                                + " WHERE run_key = ? AND state_code IN (?, ?)")) {
            update.setInt(1, target);
            update.setString(2, run.key());
            update.setInt(3, from);
            update.setInt(4, target);
            update.executeUpdate();
        }
        return changed(connection, locked, changed);
    }

    @Override
    public Recorded skip(TrackingId run, String reason) {
        Objects.requireNonNull(reason, "reason");
        return transaction(
                run,
                "skip",
                (connection, changed) -> {
                    LockedRun locked = lockRun(connection, run);
                    if (!Rejections.validSkipReason(reason)) {
                        throw Rejections.invalidSkipReason(run);
                    }
                    String current = locked.skipReason();
                    if (current != null) {
                        if (current.equals(reason)) {
                            return Recorded.ALREADY_APPLIED;
                        }
                        throw Rejections.cannotSkip(
                                locked.trackingId(), Rejections.skippedState(current), reason);
                    }
                    String ended = endedState(connection, locked);
                    if (ended != null) {
                        throw Rejections.cannotSkip(locked.trackingId(), ended, reason);
                    }
                    try (PreparedStatement update =
                            connection.prepareStatement(
                                    "UPDATE bp_run SET skip_reason = ? WHERE run_key = ?")) {
                        update.setString(1, reason);
                        update.setString(2, run.key());
                        update.executeUpdate();
                    }
                    return changed(connection, locked, changed);
                });
    }

    /** Returns COMPLETE or FAILED for a run that may no longer be skipped, otherwise null. */
    private static @Nullable String endedState(Connection connection, LockedRun locked)
            throws SQLException {
        String sql =
                locked.kind() == RunKind.BATCH_PROCESS
                        ? "SELECT COUNT(*) FILTER (WHERE status = 'FAILED'),"
                                + " COUNT(*) FILTER (WHERE status <> 'SUCCEEDED')"
                                + " FROM bp_stage WHERE run_key = ?"
                        : "SELECT 0, COALESCE(SUM(facilities), 0) FROM bp_facility_count"
                                + " WHERE run_key = ? AND state_code <= "
                                + locked.flows();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, locked.trackingId().key());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getLong(1) > 0) {
                    return "FAILED";
                }
                return row.getLong(2) == 0 ? "COMPLETE" : null;
            }
        }
    }

    private LockedRun lockBatchProcess(
            Connection connection, TrackingId run, String event, int stage) throws SQLException {
        LockedRun locked = lockRun(connection, run);
        if (locked.kind() != RunKind.BATCH_PROCESS) {
            throw Rejections.wrongKind(locked.trackingId(), event, locked.kind());
        }
        if (stage < 1 || stage > locked.flows()) {
            throw Rejections.stageOutOfRange(locked.trackingId(), stage, locked.flows());
        }
        return locked;
    }

    private LockedRun lockSupplyShed(Connection connection, TrackingId run, String event)
            throws SQLException {
        LockedRun locked = lockRun(connection, run);
        if (locked.kind() != RunKind.BATCH_SUPPLY_SHED) {
            throw Rejections.wrongKind(locked.trackingId(), event, locked.kind());
        }
        return locked;
    }

    /** Locks the run's row for the rest of the transaction, so its events apply one at a time. */
    private static LockedRun lockRun(Connection connection, TrackingId run) throws SQLException {
        Objects.requireNonNull(run, "run");
        if (!StorableText.isStorable(run.value())) {
            // Registration rejects such ids, and the database cannot even compare them.
            throw new UnknownRunException(run);
        }
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT tracking_id, kind, organization, filename_key, flow_count,"
                                + " facility_count, skip_reason FROM bp_run WHERE run_key = ?"
                                + " FOR UPDATE")) {
            select.setString(1, run.key());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new UnknownRunException(run);
                }
                return new LockedRun(
                        TrackingId.of(row.getString("tracking_id")),
                        RunKind.valueOf(row.getString("kind")),
                        row.getString("organization"),
                        row.getString("filename_key"),
                        row.getInt("flow_count"),
                        row.getInt("facility_count"),
                        row.getString("skip_reason"));
            }
        }
    }

    private static StageStatus stageStatus(Connection connection, TrackingId run, int stage)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT status FROM bp_stage WHERE run_key = ? AND stage_number = ?")) {
            select.setString(1, run.key());
            select.setInt(2, stage);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException(
                            "stage " + stage + " of run " + run.echo() + " is missing");
                }
                return StageStatus.valueOf(row.getString(1));
            }
        }
    }

    /** Returns the task's outcome code, or 0 when the task was never added. */
    private static int taskOutcome(Connection connection, TrackingId run, int stage, int task)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT outcome FROM bp_task"
                                + " WHERE run_key = ? AND stage_number = ? AND task_number = ?")) {
            select.setString(1, run.key());
            select.setInt(2, stage);
            select.setInt(3, task);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    /** Returns the facility's state code; a facility without a row is queued. */
    private static int facilityState(Connection connection, TrackingId run, int facility)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(
                        "SELECT state_code FROM bp_facility WHERE run_key = ? AND facility_number = ?")) {
            select.setString(1, run.key());
            select.setInt(2, facility);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : FacilityStates.QUEUED;
            }
        }
    }

    /** Bumps the run's version and change time, and notes the run for the change listener. */
    private Recorded changed(Connection connection, LockedRun locked, ChangedRun changed)
            throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement(
                        "UPDATE bp_run SET version = version + 1, changed_at = ? WHERE run_key = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, locked.trackingId().key());
            update.executeUpdate();
        }
        changed.set(locked.organization(), locked.trackingId(), locked.filename());
        return Recorded.APPLIED;
    }

    /**
     * Runs one event in a transaction, retrying on transient failures, and notifies the listener
     * after an applied event committed.
     */
    private Recorded transaction(TrackingId run, String event, Work work) {
        Objects.requireNonNull(run, "run");
        SQLException lastFailure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                ChangedRun changed = new ChangedRun();
                Recorded recorded = runOnce(work, changed);
                if (changed.organization != null && changed.trackingId != null) {
                    listener.runChanged(changed.organization, changed.trackingId, changed.filename);
                }
                return recorded;
            } catch (SQLException failure) {
                lastFailure = failure;
                if (!isTransient(failure)) {
                    break;
                }
                int failedAttempt = attempt;
                LOG.log(
                        System.Logger.Level.DEBUG,
                        () ->
                                event
                                        + " of run "
                                        + run.echo()
                                        + " failed on attempt "
                                        + failedAttempt
                                        + ", retrying",
                        failure);
            }
        }
        throw new RecorderUnavailableException(
                event
                        + " of run "
                        + run.echo()
                        + " failed: SQL state "
                        + (lastFailure == null ? "unknown" : lastFailure.getSQLState())
                        + "; delivering the event again is safe",
                Objects.requireNonNull(lastFailure));
    }

    private Recorded runOnce(Work work, ChangedRun changed) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Recorded recorded = work.run(connection, changed);
                connection.commit();
                return recorded;
            } catch (SQLException | RuntimeException failure) {
                rollback(connection, failure);
                throw failure;
            }
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Returns whether a failure may pass on retry: a serialization failure or deadlock (class 40),
     * a lost connection (class 08) or a terminated backend (57P01).
     */
    private static boolean isTransient(SQLException failure) {
        String state = failure.getSQLState();
        return state != null
                && (state.startsWith("40") || state.startsWith("08") || state.equals("57P01"));
    }
}
