package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.batchprogress.jdbc.JdbcRunRecorder;
import dev.batchprogress.jdbc.JdbcSchema;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.server.replay.ReplaySettings;
import dev.batchprogress.server.serve.ProgressService.ReplayState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code serve --jdbc-url}: run state in PostgreSQL, shared by several servers. */
class ServeWithPostgresTest {

    private static final double PACED = 60;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration STALENESS_BOUND = Duration.ofMillis(500);

    /** The maximum time of a cache load before it fails: the cache's default load timeout. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(1);

    private static final String INDONESIA_FINAL =
            "{\"complete\":true,\"total_number_of_facilities\":352,"
                    + "\"total_number_of_ungeocoded_facilities\":161,"
                    + "\"total_number_of_facilities_failed\":163,"
                    + "\"total_number_of_facilities_completed\":189,"
                    + "\"total_number_of_facilities_queued\":0,"
                    + "\"total_number_of_facilities_preprocessing\":0,"
                    + "\"total_number_of_facilities_processing\":0,"
                    + "\"skip_reason\":null}";

    private PostgresSchema schema;

    @BeforeEach
    void createSchema() {
        schema = PostgresSchema.create();
    }

    @AfterEach
    void dropSchema() {
        // No schema when the database was not reachable and the test was skipped.
        if (schema != null) {
            schema.close();
        }
    }

    private ServeSettings.Builder settings(double speed) {
        return TestServer.settings(speed)
                .database(schema.settings())
                .stalenessBound(STALENESS_BOUND);
    }

    @Test
    void replay_recordsIntoTheDatabase() throws Exception {
        try (TestServer server = TestServer.start(settings(ReplaySettings.UNPACED).build())) {
            server.service().replay().orElseThrow().completion().get(60, TimeUnit.SECONDS);

            assertThat(server.progress(server.id("Indonesia.csv"))).isEqualTo(INDONESIA_FINAL);
            assertThat(schema.rows("bp_run")).isEqualTo(4);
        }
    }

    @Test
    void twoServers_agreeOnceTheStalenessBoundPassed() throws Exception {
        try (TestServer recording = TestServer.start(settings(PACED).build());
                TestServer serving =
                        TestServer.start(settings(PACED).replayEnabled(false).build())) {
            List<TrackingId> runs =
                    recording.service().runs().stream().map(r -> r.trackingId()).toList();
            awaitRegistered(serving, runs);
            recording.service().replay().orElseThrow().stop();
            awaitEnd(recording);
            long lastWrite = System.nanoTime();

            Map<String, String> expected = answers(recording, runs);
            long agreeFrom = lastWrite + STALENESS_BOUND.plus(LOAD_TIMEOUT).toNanos();
            while (System.nanoTime() < agreeFrom) {
                // Keeps the serving side's cache in use while the bound passes.
                answers(serving, runs);
            }
            Map<String, String> afterTheBound = answers(serving, runs);

            assertThat(afterTheBound).isEqualTo(expected);
            assertThat(answers(recording, runs)).isEqualTo(expected);
            assertThat(serving.service().replayState()).isEqualTo(ReplayState.DISABLED);
        }
    }

    /** Polls until a server finds every run, which shows that it reads the shared database. */
    private static void awaitRegistered(TestServer server, List<TrackingId> runs) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (TrackingId run : runs) {
            while (server.get("/batch_progress?tracking_id=" + run).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("run " + run + " was not found within " + DEADLINE);
                }
            }
        }
    }

    private static void awaitEnd(TestServer server) throws InterruptedException {
        try {
            server.service().replay().orElseThrow().completion().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Stopped: the replay records nothing more.
        } catch (TimeoutException e) {
            throw new AssertionError("the replay did not stop within 60 s", e);
        }
    }

    /** Returns the response body for each run, and for the supply shed runs together. */
    private static Map<String, String> answers(TestServer server, List<TrackingId> runs) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (TrackingId run : runs) {
            answers.put(run.value(), server.get("/batch_progress?tracking_id=" + run).body());
        }
        StringBuilder combined = new StringBuilder("/batch_progress?");
        for (TrackingId run : server.ids(RunKind.BATCH_SUPPLY_SHED)) {
            combined.append("tracking_ids=").append(run).append('&');
        }
        answers.put("tracking_ids", server.get(combined.toString()).body());
        return answers;
    }

    @Test
    void thousandDistinctIds_areAnsweredInOneQuery() throws Exception {
        List<TrackingId> runs = new ArrayList<>();
        try (HikariDataSource pool = pool()) {
            JdbcSchema.create(pool);
            JdbcRunRecorder recorder = JdbcRunRecorder.create(pool);
            for (int i = 0; i < 1000; i++) {
                TrackingId run = TrackingId.of(String.format("0x%064x", i + 1));
                recorder.register(RunRegistration.supplyShed(run, "demo", Pipeline.SUPPLY_SHED, 3));
                runs.add(run);
            }
        }
        ServeSettings settings = settings(PACED).replayEnabled(false).build();
        try (TestServer server = TestServer.start(settings)) {
            StringBuilder target = new StringBuilder("/batch_progress?");
            for (TrackingId run : runs) {
                target.append("tracking_ids=").append(run).append('&');
            }

            HttpResponse<String> response = server.get(target.toString());
            // A cold pool and JIT on a busy machine can exceed the 1 s load timeout once; a
            // client retries a 503 after its Retry-After, as this does.
            for (int retry = 0; retry < 3 && response.statusCode() == 503; retry++) {
                Thread.sleep(2000);
                response = server.get(target.toString());
            }

            assertThat(target.length()).isGreaterThan(80_000);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .startsWith(
                            "{\"complete\":false,\"total_number_of_facilities\":3000,"
                                    + "\"total_number_of_ungeocoded_facilities\":0,")
                    .contains("\"total_number_of_facilities_queued\":3000");
        }
    }

    private HikariDataSource pool() {
        DatabaseSettings database = schema.settings();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    @Test
    void restartAfterUnfinishedReplay_resumesIt() throws Exception {
        List<TrackingId> runs;
        try (TestServer first = TestServer.start(settings(PACED).build())) {
            runs = first.service().runs().stream().map(r -> r.trackingId()).toList();
            awaitRegistered(first, runs);
        }

        try (TestServer second = TestServer.start(settings(ReplaySettings.UNPACED).build())) {
            assertThat(second.service().replayState()).isEqualTo(ReplayState.STARTED);
            second.service().replay().orElseThrow().completion().get(60, TimeUnit.SECONDS);
            assertThat(second.get("/batch_progress?tracking_id=" + runs.get(0)).body())
                    .contains("\"complete\":true");
        }
    }

    @Test
    void restartAfterFinishedReplay_skipsIt() throws Exception {
        try (TestServer first = TestServer.start(settings(ReplaySettings.UNPACED).build())) {
            first.service().replay().orElseThrow().completion().get(60, TimeUnit.SECONDS);
        }

        try (TestServer second = TestServer.start(settings(PACED).build())) {
            assertThat(second.service().replayState()).isEqualTo(ReplayState.ALREADY_RECORDED);
            assertThat(second.service().replay()).isEmpty();
        }
    }

    @Test
    void missingSchema_failsNamingIt() {
        DatabaseSettings database = schema.settings();
        DatabaseSettings missing =
                new DatabaseSettings(
                        database.url() + "_missing", database.user(), database.password());

        assertThatThrownBy(() -> TestServer.start(settings(PACED).database(missing).build()))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("cannot create the batch progress tables")
                .hasMessageContaining("_missing")
                .hasMessageContaining("currentSchema names exists");
    }

    @Test
    void close_leavesNoNonDaemonThread() throws Exception {
        Set<Thread> before = Threads.nonDaemon();
        TestServer server = TestServer.start(settings(PACED).build());
        awaitRegistered(server, List.of(server.id("Russia.csv")));

        server.close();

        assertThat(Threads.remainingSince(before, Duration.ofSeconds(10))).isEmpty();
    }
}
