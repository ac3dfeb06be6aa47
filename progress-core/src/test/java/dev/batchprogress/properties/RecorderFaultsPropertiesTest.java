package dev.batchprogress.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcRunStateSource;
import dev.batchprogress.jdbc.PostgresDatabase;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunChangeListener;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.recording.UnknownRunException;
import dev.batchprogress.source.RunStateSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.core.Gen;

/**
 * Sends the events of several runs to one recorder, interleaved. Some are moved out of order, some
 * sent twice, some sent after their run ended, and some name unknown runs, facilities, stages and
 * flows. Others carry hostile arguments: numbers at the ends of the int range, null, empty and huge
 * ids and names, control characters. After every event the test compares snapshots of every run in
 * the store:
 *
 * <ul>
 *   <li>a rejected event throws a {@link RecordingException}, or a {@link NullPointerException}
 *       naming the null argument, with a message of bounded length, and leaves every run as it was;
 *   <li>an event reported as already applied leaves every run as it was;
 *   <li>an applied event changes its own run only.
 * </ul>
 *
 * <p>It runs on the in-memory engine and on the JDBC recorder over PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecorderFaultsPropertiesTest {

    private static final int MEMORY_EXAMPLES = 150;
    private static final int JDBC_EXAMPLES = 15;

    /**
     * The maximum length of a rejection message, since ids and names in it are cut to 128 code
     * points.
     */
    private static final int MAX_MESSAGE_LENGTH = 2_000;

    private static final String HUGE = "9".repeat(100_000);
    private static final List<TrackingId> HOSTILE_IDS =
            List.of(
                    TrackingId.of(""),
                    TrackingId.of("\u0000"),
                    TrackingId.of("run\nforged log line"),
                    TrackingId.of("\uD800"),
                    TrackingId.of(HUGE),
                    TrackingId.of("0x" + "f".repeat(64)),
                    TrackingId.of("' OR 1=1 --"));
    private static final List<Integer> HOSTILE_NUMBERS =
            List.of(Integer.MIN_VALUE, -1, 0, 1, 5_000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
    private static final List<String> HOSTILE_TEXTS =
            List.of("", " ", "\u0000", "\u0007bell", "x".repeat(20_000), "\uDC00", "detect_plots ");

    private PostgresDatabase database;
    private HikariDataSource pool;

    /** The runs of one workload and the events sent to them, in the order sent. */
    private record Workload(List<Scenario> runs, List<RunEvent> events) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(events.size() + " events over " + runs.size());
            text.append(" runs");
            for (Scenario run : runs) {
                text.append(System.lineSeparator())
                        .append("  run ")
                        .append(run.registration().trackingId().echo())
                        .append(": ")
                        .append(RunEvent.describe(run.registration()));
            }
            for (int i = 0; i < events.size(); i++) {
                text.append(System.lineSeparator())
                        .append("  #")
                        .append(i + 1)
                        .append(' ')
                        .append(printable(events.get(i).toString(), 200));
            }
            return text.toString();
        }
    }

    @AfterAll
    void closeDatabase() {
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void inMemoryEngine_rejectsFaultsWithoutChangingAnyRun() {
        qt().withExamples(MEMORY_EXAMPLES)
                .withShrinkCycles(PropertySettings.SHRINK_CYCLES)
                .forAll(workloads(120))
                .checkAssert(
                        workload -> {
                            InMemoryRunStore store = InMemoryRunStore.withClock(new TickingClock());
                            replay(workload, store, store);
                        });
    }

    @Test
    void jdbcEngine_rejectsFaultsWithoutChangingAnyRun() {
        database = PostgresDatabase.create();
        pool = database.pool(2);
        JdbcRunRecorder recorder =
                JdbcRunRecorder.create(pool, new TickingClock(), RunChangeListener.NONE);
        JdbcRunStateSource source = JdbcRunStateSource.create(pool);
        qt().withExamples(JDBC_EXAMPLES)
                .withShrinkCycles(5)
                .forAll(workloads(60))
                .checkAssert(
                        workload -> {
                            emptyTables();
                            replay(workload, recorder, source);
                        });
    }

    private static void replay(Workload workload, RunRecorder recorder, RunStateSource source) {
        for (Scenario run : workload.runs()) {
            assertThat(recorder.register(run.registration())).isEqualTo(Recorded.APPLIED);
        }
        Map<TrackingId, RunState> before = everyRun(source);
        for (int i = 0; i < workload.events().size(); i++) {
            RunEvent event = workload.events().get(i);
            String step = "event #" + (i + 1) + " " + abbreviate(event);
            Recorded recorded = null;
            RuntimeException rejection = null;
            try {
                recorded = event.sendTo(recorder);
            } catch (RuntimeException e) {
                rejection = e;
            }
            Map<TrackingId, RunState> after = everyRun(source);

            if (rejection != null) {
                checkRejection(step, event, rejection);
                assertThat(after).as("%s was rejected; every run", step).isEqualTo(before);
            } else if (recorded == Recorded.ALREADY_APPLIED) {
                assertThat(after).as("%s was already applied; every run", step).isEqualTo(before);
            } else {
                assertOnlyOwnRunChanged(step, event, before, after);
            }
            before = after;
        }
    }

    private static void checkRejection(String step, RunEvent event, RuntimeException rejection) {
        assertThat(rejection)
                .as("%s threw", step)
                .isInstanceOfAny(RecordingException.class, NullPointerException.class);
        assertThat(rejection.getMessage()).as("%s: message", step).isNotBlank();
        assertThat(rejection.getMessage().length())
                .as("%s: message length", step)
                .isLessThan(MAX_MESSAGE_LENGTH);
        if (rejection instanceof UnknownRunException && event.address().id() != null) {
            assertThat(rejection.getMessage())
                    .as("%s: message", step)
                    .contains(event.address().id().echo());
        }
    }

    private static void assertOnlyOwnRunChanged(
            String step,
            RunEvent event,
            Map<TrackingId, RunState> before,
            Map<TrackingId, RunState> after) {
        assertThat(after.keySet()).as("%s: runs in the store", step).containsAll(before.keySet());
        for (Map.Entry<TrackingId, RunState> run : before.entrySet()) {
            if (!run.getKey().equals(event.address().id())) {
                assertThat(after.get(run.getKey()))
                        .as("%s: run %s, which the event does not name", step, run.getKey())
                        .isEqualTo(run.getValue());
            }
        }
    }

    /** Returns a snapshot of every run in the store, keyed by tracking id. */
    private static Map<TrackingId, RunState> everyRun(RunStateSource source) {
        Map<TrackingId, RunState> runs = new LinkedHashMap<>();
        for (RunState state : source.list(VisibilityScope.all(), 10_000)) {
            runs.put(state.trackingId(), state);
        }
        return runs;
    }

    /** Returns a value cut to 64 characters with control characters and surrogates escaped. */
    private static String printable(String value) {
        return printable(value, 64);
    }

    /** Returns a value cut to a length with control characters and surrogates escaped. */
    static String printable(String value, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(value.length(), maxLength); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        return value.length() > maxLength
                ? text + "… (" + value.length() + " characters)"
                : text.toString();
    }

    private static String abbreviate(RunEvent event) {
        return printable(event.toString(), 300);
    }

    private void emptyTables() {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bp_run CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the run tables", e);
        }
    }

    /**
     * Generates two to four runs of either kind with their events interleaved at random, one in ten
     * moved later within its run, and one in eight followed by a hostile event.
     */
    private static Gen<Workload> workloads(int maxEventsPerRun) {
        return source -> {
            Draws draws = new Draws(source);
            int count = draws.between(2, 4);
            List<Scenario> runs = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                runs.add(
                        draws.chance(50)
                                ? Scenarios.supplyShed(draws, index, maxEventsPerRun, 20)
                                : Scenarios.batchProcess(draws, index, maxEventsPerRun, 20));
            }
            List<List<RunEvent>> queues = new ArrayList<>();
            for (Scenario run : runs) {
                List<RunEvent> events = new ArrayList<>(run.events());
                for (int i = 0; i + 1 < events.size(); i++) {
                    if (draws.chance(10)) {
                        int later = draws.between(i + 1, events.size() - 1);
                        events.add(later, events.remove(i));
                    }
                }
                queues.add(events);
            }
            List<RunEvent> interleaved = new ArrayList<>();
            while (queues.stream().anyMatch(queue -> !queue.isEmpty())) {
                List<RunEvent> queue = draws.pick(queues);
                if (queue.isEmpty()) {
                    continue;
                }
                interleaved.add(queue.remove(0));
                if (draws.chance(12)) {
                    interleaved.add(hostile(draws, draws.pick(runs)));
                }
            }
            return new Workload(runs, interleaved);
        };
    }

    /** Returns an event with hostile arguments, for a run of the workload or a hostile id. */
    private static RunEvent hostile(Draws draws, Scenario run) {
        TrackingId id =
                draws.chance(60) ? run.registration().trackingId() : draws.pick(HOSTILE_IDS);
        RunEvent.Address address =
                draws.chance(5)
                        ? new RunEvent.Address(null, "null run")
                        : new RunEvent.Address(id, "id '" + printable(id.value()) + "'");
        int number = draws.pick(HOSTILE_NUMBERS);
        int other = draws.pick(HOSTILE_NUMBERS);
        return switch (draws.between(1, 10)) {
            case 1 -> new RunEvent.StartStage(address, number);
            case 2 -> new RunEvent.FailStage(address, number);
            case 3 -> new RunEvent.AddTasks(address, draws.between(1, 2), number, other);
            case 4 ->
                    new RunEvent.RecordTaskOutcome(
                            address,
                            draws.between(1, 2),
                            number,
                            draws.chance(20) ? null : TaskOutcome.SUCCEEDED);
            case 5 -> new RunEvent.MoveFacility(address, number, other);
            case 6 ->
                    new RunEvent.MoveFacilityByName(
                            address,
                            draws.between(0, 3),
                            draws.chance(20) ? null : draws.pick(HOSTILE_TEXTS));
            case 7 -> new RunEvent.CompleteFacility(address, number);
            case 8 -> new RunEvent.MarkUngeocoded(address, number);
            case 9 -> new RunEvent.FailFacility(address, number);
            default ->
                    new RunEvent.Skip(address, draws.chance(20) ? null : draws.pick(HOSTILE_TEXTS));
        };
    }
}
