package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.replay.ReplaySettings;
import dev.batchprogress.server.serve.ProgressService.ReplayState;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProgressServiceTest {

    /** Fast enough that events come every few milliseconds, slow enough to last 16 seconds. */
    private static final double PACED = 60;

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Nested
    class Replay {

        @Test
        void answers_moveWhileTheReplayRuns() {
            try (TestServer server = TestServer.start(TestServer.settings(PACED).build())) {
                TrackingId run = server.ids(RunKind.BATCH_PROCESS).get(0);
                String first = pollUntilFound(server, run);

                String next = first;
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (next.equals(first) && System.nanoTime() < deadline) {
                    next = server.progress(run);
                }

                assertThat(server.service().replayState()).isEqualTo(ReplayState.STARTED);
                assertThat(next).isNotEqualTo(first);
            }
        }

        /** Polls until the replay has registered a run, which happens right after its start. */
        private String pollUntilFound(TestServer server, TrackingId run) {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                if (server.get("/batch_progress?tracking_id=" + run).statusCode() == 200) {
                    return server.progress(run);
                }
            }
            throw new AssertionError("run " + run + " was not registered within " + DEADLINE);
        }

        @Test
        void noReplay_servesNoRun() {
            ServeSettings settings = TestServer.settings(PACED).replayEnabled(false).build();
            try (TestServer server = TestServer.start(settings)) {
                TrackingId run = server.ids(RunKind.BATCH_PROCESS).get(0);

                assertThat(server.service().replayState()).isEqualTo(ReplayState.DISABLED);
                assertThat(server.service().replay()).isEmpty();
                assertThat(server.get("/batch_progress?tracking_id=" + run).statusCode())
                        .isEqualTo(400);
            }
        }

        @Test
        void runs_areTheBundledFilesInOrder() {
            ServeSettings settings = TestServer.settings(PACED).replayEnabled(false).build();
            try (TestServer server = TestServer.start(settings)) {
                assertThat(server.service().runs())
                        .extracting(run -> run.inputName())
                        .containsExactly(
                                "1000genome-chameleon-4ch-250k-001.json",
                                "montage-chameleon-2mass-01d-001.json",
                                "Indonesia.csv",
                                "Russia.csv");
            }
        }
    }

    @Nested
    class Shutdown {

        @Test
        void close_leavesNoNonDaemonThread() throws Exception {
            Set<Thread> before = Threads.nonDaemon();
            TestServer server = TestServer.start(TestServer.settings(PACED).build());
            server.progress(waitForAnyRun(server));

            server.close();

            assertThat(Threads.remainingSince(before, Duration.ofSeconds(10))).isEmpty();
        }

        private TrackingId waitForAnyRun(TestServer server) {
            TrackingId run = server.ids(RunKind.BATCH_SUPPLY_SHED).get(0);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (server.get("/batch_progress?tracking_id=" + run).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("run " + run + " was not registered in time");
                }
            }
            return run;
        }

        @Test
        void close_stopsTheReplay() throws Exception {
            TestServer server = TestServer.start(TestServer.settings(PACED).build());
            CompletableFuture<?> completion = server.service().replay().orElseThrow().completion();

            server.close();

            assertThat(completion).isCompletedExceptionally();
            assertThatThrownBy(() -> completion.get(1, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(CancellationException.class);
        }

        @Test
        void close_releasesThePort() {
            TestServer server = TestServer.start(TestServer.settings(PACED).build());
            int port = server.port();

            server.close();

            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(ConnectException.class);
        }

        @Test
        void close_twice_doesNothing() {
            TestServer server = TestServer.start(TestServer.settings(PACED).build());

            server.close();
            server.close();

            assertThat(server.service().port()).isPositive();
        }
    }

    @Nested
    class StartFailures {

        @Test
        void portInUse_failsNamingTheAddress() throws IOException {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ServeSettings settings =
                        TestServer.settings(ReplaySettings.UNPACED)
                                .port(taken.getLocalPort())
                                .build();

                assertThatThrownBy(() -> TestServer.start(settings))
                        .isInstanceOf(ServiceStartException.class)
                        .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                        .hasMessageContaining("choose another --port");
            }
        }

        @Test
        void portInUse_leavesNoNonDaemonThread() throws Exception {
            Set<Thread> before = Threads.nonDaemon();
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ServeSettings settings =
                        TestServer.settings(ReplaySettings.UNPACED)
                                .port(taken.getLocalPort())
                                .build();

                assertThatThrownBy(() -> TestServer.start(settings))
                        .isInstanceOf(ServiceStartException.class);
            }

            assertThat(Threads.remainingSince(before, Duration.ofSeconds(10))).isEmpty();
        }

        @Test
        void unreachableDatabase_failsNamingTheUrlWithoutPassword() {
            ServeSettings settings =
                    TestServer.settings(ReplaySettings.UNPACED)
                            .database(
                                    new DatabaseSettings(
                                            "jdbc:postgresql://127.0.0.1:1/test",
                                            "app",
                                            "pw-secret"))
                            .build();

            assertThatThrownBy(() -> TestServer.start(settings))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining(
                            "cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test as"
                                    + " app")
                    .hasMessageNotContaining("pw-secret");
        }

        @Test
        void duplicateToken_failsNamingTheSubject() {
            ServeSettings settings =
                    TestServer.settings(ReplaySettings.UNPACED)
                            .tokens(
                                    List.of(
                                            TokenGrant.parse(
                                                    "dup-token-value=a,demo,batch_progress:read")))
                            .tokens(
                                    List.of(
                                            TokenGrant.parse(
                                                    "dup-token-value=b,demo,batch_progress:read")))
                            .build();

            assertThatThrownBy(() -> TestServer.start(settings))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subject 'b'")
                    .hasMessageNotContaining("dup-token-value");
        }
    }
}
