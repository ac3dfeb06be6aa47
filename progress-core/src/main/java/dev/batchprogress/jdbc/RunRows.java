package dev.batchprogress.jdbc;

import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Flow;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.FacilityStates;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one statement that reads whole runs, and the mapping of its rows to snapshots. Each run
 * yields one row per flow, per stage and per facility state, each row carrying the run's columns,
 * so any number of runs is read in one round trip.
 */
final class RunRows {

    /** The columns of a run, then one part: a flow ('F'), a stage ('S') or a state count ('C'). */
    static final String SELECT =
            """
            SELECT r.run_key, r.tracking_id, r.kind, r.organization, r.filename,
                   r.pipeline_name, r.facility_count, r.skip_reason, r.version,
                   r.registered_at, r.changed_at,
                   p.part, p.number, p.label, p.phase, p.value1, p.value2, p.value3
            FROM bp_run r
            JOIN (
                SELECT run_key, 'F' AS part, flow_number AS number, name AS label, phase,
                       CAST(0 AS BIGINT) AS value1, CAST(0 AS BIGINT) AS value2,
                       CAST(0 AS BIGINT) AS value3
                FROM bp_flow
                UNION ALL
                SELECT run_key, 'S', stage_number, status, NULL,
                       task_total, task_succeeded, task_failed
                FROM bp_stage
                UNION ALL
                SELECT run_key, 'C', state_code, NULL, NULL, facilities, 0, 0
                FROM bp_facility_count
            ) p ON p.run_key = r.run_key
            """;

    /** Orders the parts so that each run's flows come before its stages and counts. */
    static final String ORDER = " ORDER BY r.registration_order DESC, p.part DESC, p.number";

    private RunRows() {}

    /**
     * Maps the rows of {@link #SELECT} to snapshots, in row order of first appearance.
     *
     * @throws SQLException if reading a column fails
     * @throws IllegalArgumentException if the rows describe a state that breaks an invariant
     */
    static List<RunState> read(ResultSet rows) throws SQLException {
        Map<String, RunAccumulator> runs = new LinkedHashMap<>();
        while (rows.next()) {
            String runKey = rows.getString("run_key");
            RunAccumulator run = runs.get(runKey);
            if (run == null) {
                run = new RunAccumulator(rows);
                runs.put(runKey, run);
            }
            run.add(rows);
        }
        List<RunState> states = new ArrayList<>(runs.size());
        for (RunAccumulator run : runs.values()) {
            states.add(run.toState());
        }
        return states;
    }

    /** The rows of one run, gathered until the run is complete. */
    private static final class RunAccumulator {
        private final String trackingId;
        private final RunKind kind;
        private final String organization;
        private final @Nullable String filename;
        private final String pipelineName;
        private final int facilityCount;
        private final @Nullable String skipReason;
        private final long version;
        private final OffsetDateTime registeredAt;
        private final OffsetDateTime changedAt;
        private final TreeMap<Integer, Flow> flows = new TreeMap<>();
        private final TreeMap<Integer, StageState> stages = new TreeMap<>();
        private final TreeMap<Integer, Long> counts = new TreeMap<>();

        RunAccumulator(ResultSet row) throws SQLException {
            trackingId = row.getString("tracking_id");
            kind = RunKind.valueOf(row.getString("kind"));
            organization = row.getString("organization");
            filename = row.getString("filename");
            pipelineName = row.getString("pipeline_name");
            facilityCount = row.getInt("facility_count");
            skipReason = row.getString("skip_reason");
            version = row.getLong("version");
            registeredAt = row.getObject("registered_at", OffsetDateTime.class);
            changedAt = row.getObject("changed_at", OffsetDateTime.class);
        }

        void add(ResultSet row) throws SQLException {
            int number = row.getInt("number");
            switch (row.getString("part")) {
                case "F" ->
                        flows.put(
                                number,
                                new Flow(
                                        row.getString("label"),
                                        Phase.valueOf(row.getString("phase"))));
                case "S" ->
                        stages.put(
                                number,
                                new StageState(
                                        StageStatus.valueOf(row.getString("label")),
                                        row.getLong("value1"),
                                        row.getLong("value2"),
                                        row.getLong("value3")));
                case "C" -> counts.put(number, row.getLong("value1"));
                default ->
                        throw new IllegalArgumentException(
                                "unknown row part '" + row.getString("part") + "'");
            }
        }

        RunState toState() {
            checkNumbering(flows, "flow");
            Pipeline pipeline = new Pipeline(pipelineName, List.copyOf(flows.values()));
            RunHeader header =
                    new RunHeader(
                            TrackingId.of(trackingId),
                            organization,
                            filename == null ? null : TrackingId.of(filename),
                            pipeline,
                            skipReason,
                            version,
                            registeredAt.toInstant(),
                            changedAt.toInstant());
            if (kind == RunKind.BATCH_PROCESS) {
                checkNumbering(stages, "stage");
                return new BatchProcessState(header, List.copyOf(stages.values()));
            }
            int flowCount = pipeline.size();
            List<Long> inFlow = new ArrayList<>(Collections.nCopies(flowCount, 0L));
            for (int flow = 1; flow <= flowCount; flow++) {
                inFlow.set(flow - 1, count(flow));
            }
            return new SupplyShedState(
                    header,
                    facilityCount,
                    count(FacilityStates.QUEUED),
                    inFlow,
                    count(FacilityStates.completed(flowCount)),
                    count(FacilityStates.failed(flowCount)),
                    count(FacilityStates.ungeocoded(flowCount)));
        }

        private long count(int stateCode) {
            return counts.getOrDefault(stateCode, 0L);
        }

        private void checkNumbering(SortedMap<Integer, ?> parts, String part) {
            if (parts.isEmpty() || parts.firstKey() != 1 || parts.lastKey() != parts.size()) {
                throw new IllegalArgumentException(
                        "run "
                                + TrackingId.echo(trackingId)
                                + " has "
                                + part
                                + " numbers "
                                + parts.keySet()
                                + "; expected 1 to n without gaps");
            }
        }
    }
}
