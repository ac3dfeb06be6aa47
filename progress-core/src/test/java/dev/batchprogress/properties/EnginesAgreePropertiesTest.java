package dev.batchprogress.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.calculator.ProgressCalculator;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcRunStateSource;
import dev.batchprogress.jdbc.PostgresDatabase;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunChangeListener;
import dev.batchprogress.recording.RunRecorder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays the same generated event sequences through the in-memory engine and the JDBC recorder on
 * a real PostgreSQL, and checks after every event that both report the same result or the same
 * rejection, and that their snapshots and progress answers are the same. The in-memory engine is
 * checked against a reference model elsewhere, so agreement carries that check over. Database round
 * trips are slow, so this runs fewer examples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnginesAgreePropertiesTest {

    private static final int EXAMPLES = 40;

    private PostgresDatabase database;
    private HikariDataSource pool;
    private JdbcRunRecorder recorder;
    private JdbcRunStateSource source;

    @BeforeAll
    void createSchema() {
        database = PostgresDatabase.create();
        pool = database.pool(4);
        recorder = JdbcRunRecorder.create(pool, new TickingClock(), RunChangeListener.NONE);
        source = JdbcRunStateSource.create(pool);
    }

    @AfterAll
    void dropSchema() {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void supplyShedReplay_agreesAcrossEngines() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(5)
                .forAll(Scenarios.supplySheds())
                .checkAssert(this::enginesAgree);
    }

    @Test
    void batchProcessReplay_agreesAcrossEngines() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(5)
                .forAll(Scenarios.batchProcesses())
                .checkAssert(this::enginesAgree);
    }

    @Test
    void combinedQueries_agreeAcrossEngines() {
        qt().withExamples(EXAMPLES / 2)
                .withShrinkCycles(5)
                .forAll(Scenarios.supplyShedGroups())
                .checkAssert(
                        group -> {
                            InMemoryRunStore memory =
                                    InMemoryRunStore.withClock(new TickingClock());
                            emptyTables();
                            for (Scenario run : group.runs()) {
                                replay(memory, run);
                                replay(recorder, run);
                            }
                            ProgressQuery query = ProgressQuery.ofTrackingIds(group.trackingIds());

                            assertThat(
                                            ProgressTracker.create(source)
                                                    .progress(PropertySettings.CALLER, query))
                                    .isEqualTo(
                                            ProgressTracker.create(memory)
                                                    .progress(PropertySettings.CALLER, query));
                        });
    }

    private static void replay(RunRecorder target, Scenario scenario) {
        target.register(scenario.registration());
        for (RunEvent event : scenario.events()) {
            try {
                event.sendTo(target);
            } catch (RecordingException rejected) {
                // Rejected events are part of the scenario; both engines must reject them alike,
                // which the replay properties check event by event.
            }
        }
    }

    private void enginesAgree(Scenario scenario) {
        InMemoryRunStore memory = InMemoryRunStore.withClock(new TickingClock());
        emptyTables();
        TrackingId run = scenario.registration().trackingId();
        assertThat(recorder.register(scenario.registration()))
                .isEqualTo(memory.register(scenario.registration()));
        assertSameState(memory, run, "after registration");

        for (int i = 0; i < scenario.events().size(); i++) {
            RunEvent event = scenario.events().get(i);
            String step = "event #" + (i + 1) + " " + event;
            assertThat(outcome(recorder, event)).as(step).isEqualTo(outcome(memory, event));
            assertSameState(memory, run, step);
        }
    }

    /** Returns what an engine did with an event: its result, or the rejection's class and text. */
    private static String outcome(RunRecorder target, RunEvent event) {
        try {
            return event.sendTo(target).name();
        } catch (RecordingException rejection) {
            return rejection.getClass().getSimpleName() + ": " + rejection.getMessage();
        }
    }

    private void assertSameState(InMemoryRunStore memory, TrackingId run, String step) {
        RunState expected = snapshot(memory, run);
        RunState actual = snapshot(source, run);

        assertThat(actual.header().version()).as("%s: version", step).isEqualTo(expected.version());
        assertThat(actual.header().skipReason())
                .as("%s: skip reason", step)
                .isEqualTo(expected.header().skipReason());
        assertThat(actual.pipeline()).as("%s: pipeline", step).isEqualTo(expected.pipeline());
        if (expected instanceof SupplyShedState supplyShed) {
            SupplyShedState counted = (SupplyShedState) actual;
            assertThat(
                            List.of(
                                    counted.total(),
                                    counted.queued(),
                                    counted.completed(),
                                    counted.failed(),
                                    counted.ungeocoded()))
                    .as("%s: total, queued, completed, failed, ungeocoded", step)
                    .isEqualTo(
                            List.of(
                                    supplyShed.total(),
                                    supplyShed.queued(),
                                    supplyShed.completed(),
                                    supplyShed.failed(),
                                    supplyShed.ungeocoded()));
            assertThat(counted.inFlow())
                    .as("%s: facilities per flow", step)
                    .isEqualTo(supplyShed.inFlow());
        } else {
            assertThat(((BatchProcessState) actual).stages())
                    .as("%s: stages", step)
                    .isEqualTo(((BatchProcessState) expected).stages());
        }
        assertThat(ProgressCalculator.progress(actual))
                .as("%s: progress", step)
                .isEqualTo(ProgressCalculator.progress(expected));
    }

    private static RunState snapshot(dev.batchprogress.source.RunStateSource from, TrackingId run) {
        return Objects.requireNonNull(
                from.load(VisibilityScope.all(), List.of(run)).get(run),
                () -> "run " + run + " is missing");
    }

    private void emptyTables() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bp_run CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the run tables", e);
        }
    }
}
