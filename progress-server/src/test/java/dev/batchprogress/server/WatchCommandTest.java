package dev.batchprogress.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.server.http.ProgressHttpServer;
import dev.batchprogress.servlet.BatchProgressServlet;
import dev.batchprogress.servlet.BearerTokenAuthenticator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code progress-server watch} against a live server over an in-memory store that each test drives
 * while the watcher waits: its exit codes, its lines and its error messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchCommandTest {

    private static final String TOKEN = "watch-test-token";
    private static final String OTHER_TOKEN = "other-organization-token";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A plain line: UTC time in seconds, the shortened tracking id, the bar and its counts. */
    private static final Pattern BATCH_PROCESS_LINE =
            Pattern.compile(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ 0x[0-9a-f]{19}\\.\\.\\."
                            + " \\[[#.]{24}] stage [1-4]/4, \\d{1,3}%(, complete|, failed)?");

    private InMemoryRunStore store;
    private ProgressHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        store = InMemoryRunStore.create();
        server = ProgressHttpServer.start("127.0.0.1", 0, servlet(), Duration.ofSeconds(1));
    }

    /** Returns a servlet over the store that accepts the two test tokens. */
    private BatchProgressServlet servlet() {
        return BatchProgressServlet.builder(ProgressTracker.create(store))
                .authenticator(
                        BearerTokenAuthenticator.builder()
                                .token(
                                        TOKEN,
                                        new Caller("watcher", "acme", Set.of(Permission.READ)))
                                .token(
                                        OTHER_TOKEN,
                                        new Caller("outsider", "other", Set.of(Permission.READ)))
                                .build())
                .build();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A writer that hands each complete line to a queue. */
    private static final class LineQueue extends Writer {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines.add(pending.toString());
                    all.add(pending.toString());
                    pending.setLength(0);
                } else {
                    pending.append(buffer[i]);
                }
            }
        }

        synchronized List<String> all() {
            return new ArrayList<>(all);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** A watcher running on another thread. */
    private static final class Running {
        final LineQueue out = new LineQueue();
        final LineQueue err = new LineQueue();
        final CompletableFuture<Integer> exitCode;

        Running(List<String> args) {
            picocli.CommandLine commandLine = ProgressServerMain.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exitCode =
                    CompletableFuture.supplyAsync(
                            () -> commandLine.execute(args.toArray(String[]::new)));
        }

        /** Waits for the next line on standard output. */
        String nextLine() throws InterruptedException {
            String line = out.lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as("a line within " + WAIT + "; stderr: " + err.all()).isNotNull();
            return line;
        }

        int exitCode() throws Exception {
            return exitCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private Running watch(String... options) {
        List<String> args = new ArrayList<>(List.of("watch", "--url", url(), "--no-bars"));
        args.addAll(List.of("--interval", "50ms"));
        args.addAll(List.of(options));
        if (!args.contains("--token")) {
            args.addAll(List.of("--token", TOKEN));
        }
        return new Running(args);
    }

    private static TrackingId id(int n) {
        return TrackingId.of(String.format("0x%064x", n));
    }

    private TrackingId batchProcess(int n) {
        TrackingId run = id(n);
        store.register(RunRegistration.batchProcess(run, "acme", Pipeline.BATCH_PROCESS));
        store.startStage(run, 1);
        store.addTasks(run, 1, 0, 4);
        store.recordTaskOutcome(run, 1, 0, TaskOutcome.SUCCEEDED);
        return run;
    }

    private void finishStages(TrackingId run) {
        for (int stage = 1; stage <= 4; stage++) {
            store.startStage(run, stage);
            store.addTasks(run, stage, 0, 4);
            for (int task = 0; task < 4; task++) {
                store.recordTaskOutcome(run, stage, task, TaskOutcome.SUCCEEDED);
            }
            store.succeedStage(run, stage);
        }
    }

    private TrackingId supplyShed(int n, int facilities) {
        TrackingId run = id(n);
        store.register(RunRegistration.supplyShed(run, "acme", Pipeline.SUPPLY_SHED, facilities));
        store.moveFacility(run, 0, 1);
        return run;
    }

    private void completeFacility(TrackingId run, int facility) {
        int flows = Pipeline.SUPPLY_SHED.flows().size();
        for (int flow = 1; flow <= flows; flow++) {
            store.moveFacility(run, facility, flow);
        }
        store.completeFacility(run, facility);
    }

    private static int freePortThatNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Nested
    class ExitCodes {

        @Test
        void completingBatchProcess_exitsWith0() throws Exception {
            TrackingId run = batchProcess(1);

            Running watcher = watch("--tracking-id", run.value());
            String first = watcher.nextLine();
            finishStages(run);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            assertThat(watcher.err.all())
                    .as("notices of a watcher that followed the stream")
                    .isEmpty();
            assertThat(first).endsWith("] stage 1/4, 6%");
            List<String> lines = watcher.out.all();
            assertThat(lines).allMatch(line -> BATCH_PROCESS_LINE.matcher(line).matches());
            assertThat(lines.get(lines.size() - 1))
                    .endsWith(" [" + "#".repeat(24) + "] stage 4/4, 100%, complete");
        }

        @Test
        void failingBatchProcess_exitsWith1() throws Exception {
            TrackingId run = batchProcess(2);

            Running watcher = watch("--tracking-id", run.value());
            watcher.nextLine();
            store.recordTaskOutcome(run, 1, 1, TaskOutcome.FAILED);
            store.failStage(run, 1);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.FAILED);
            List<String> lines = watcher.out.all();
            assertThat(lines.get(lines.size() - 1)).endsWith("stage 1/4, 6%, failed");
        }

        @Test
        void supplyShedWithFailedFacilities_exitsWith0() throws Exception {
            TrackingId run = supplyShed(3, 3);

            Running watcher = watch("--tracking-id", run.value());
            String first = watcher.nextLine();
            store.failFacility(run, 0);
            store.markUngeocoded(run, 1);
            completeFacility(run, 2);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            assertThat(first).endsWith("0 completed, 0 failed, 1 in flight, 2 queued of 3");
            List<String> lines = watcher.out.all();
            assertThat(lines.get(lines.size() - 1))
                    .endsWith(
                            "[########!!!!!!!!!!!!!!!!] 1 completed, 2 failed, 0 in flight,"
                                    + " 0 queued of 3, complete");
        }

        @Test
        void skippedRun_exitsWith0() throws Exception {
            TrackingId run = batchProcess(4);

            Running watcher = watch("--tracking-id", run.value());
            watcher.nextLine();
            store.skip(run, "low - not processed");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            List<String> lines = watcher.out.all();
            assertThat(lines.get(lines.size() - 1))
                    .endsWith("stage 4/4, 100%, skipped (low - not processed)");
        }

        @Test
        void combinedSupplySheds_exitWith0() throws Exception {
            TrackingId first = supplyShed(5, 1);
            TrackingId second = supplyShed(6, 2);

            Running watcher = watch("--tracking-ids", first.value() + "," + second.value());
            String line = watcher.nextLine();
            completeFacility(first, 0);
            completeFacility(second, 0);
            completeFacility(second, 1);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            assertThat(line).contains(" 2 tracking ids [").endsWith("2 in flight, 1 queued of 3");
        }

        @Test
        void bars_areRedrawnInPlace() throws Exception {
            TrackingId run = batchProcess(14);
            finishStages(run);
            List<String> args =
                    List.of(
                            "watch",
                            "--url",
                            url(),
                            "--token",
                            TOKEN,
                            "--tracking-id",
                            run.value(),
                            "--bars");

            Running watcher = new Running(args);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            assertThat(watcher.out.all())
                    .last()
                    .asString()
                    .startsWith("\u001B[?7l0x0000000000000000000... [")
                    .endsWith("stage 4/4, 100%, complete");
        }

        @Test
        void restartedServer_isFollowedToEnd() throws Exception {
            TrackingId run = batchProcess(15);
            Running watcher = watch("--tracking-id", run.value());
            watcher.nextLine();
            int port = server.port();

            // Closing the server ends its streams; a new one on the same port serves the store.
            server.close();
            server = ProgressHttpServer.start("127.0.0.1", port, servlet(), Duration.ofSeconds(1));
            finishStages(run);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            // The reason depends on how Jetty ends the stream as it stops, so only its frame is
            // checked. The 2 s are the retry time that the server sends.
            assertThat(watcher.err.all().get(0))
                    .startsWith("progress-server watch: stream interrupted (")
                    .endsWith("); reconnecting in 2s, attempt 2 of 5");
            List<String> lines = watcher.out.all();
            assertThat(lines.get(lines.size() - 1)).endsWith("stage 4/4, 100%, complete");
        }

        @Test
        void missingRun_exitsWith2() throws Exception {
            TrackingId run = id(7);

            Running watcher = watch("--tracking-id", run.value());

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.out.all()).isEmpty();
            assertThat(watcher.err.all())
                    .containsExactly(
                            "progress-server watch: GET "
                                    + url()
                                    + "/batch_progress/stream answered 400 Bad Request: Unable to"
                                    + " find any batch runs for tracking_id: "
                                    + run.value());
        }

        @Test
        void otherOrganizationsRun_exitsWith2LikeMissingRun() throws Exception {
            TrackingId run = batchProcess(8);

            Running watcher = watch("--tracking-id", run.value(), "--token", OTHER_TOKEN);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            List<String> err = watcher.err.all();
            assertThat(err.get(err.size() - 1))
                    .endsWith("Unable to find any batch runs for tracking_id: " + run.value());
        }

        @Test
        void wrongToken_exitsWith2WithoutShowingIt() throws Exception {
            TrackingId run = batchProcess(9);
            String wrong = "wrong-token-4f2a";

            Running watcher = watch("--tracking-id", run.value(), "--token", wrong);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            List<String> err = watcher.err.all();
            assertThat(err)
                    .containsExactly(
                            "progress-server watch: GET "
                                    + url()
                                    + "/batch_progress/stream answered 401 Unauthorized: Not"
                                    + " authenticated");
            assertThat(String.join("\n", err)).doesNotContain(wrong);
            assertThat(watcher.out.all()).isEmpty();
        }

        @Test
        void unreachablePort_exitsWith2() throws Exception {
            int port = freePortThatNobodyListensOn();

            Running watcher =
                    new Running(
                            List.of(
                                    "watch",
                                    "--url",
                                    "http://127.0.0.1:" + port,
                                    "--token",
                                    TOKEN,
                                    "--tracking-id",
                                    id(10).value()));

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all())
                    .containsExactly(
                            "progress-server watch: cannot connect to http://127.0.0.1:"
                                    + port
                                    + ": connection refused");
        }

        @Test
        void batchProcessAmongTrackingIds_exitsWith2() throws Exception {
            TrackingId shed = supplyShed(11, 1);
            TrackingId batch = batchProcess(12);

            Running watcher =
                    watch("--tracking-ids", shed.value(), "--tracking-ids", batch.value());

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all())
                    .singleElement()
                    .asString()
                    .endsWith(
                            "/batch_progress/stream answered 400 Bad Request: All tracking ids"
                                    + " must be for batch supply shed runs");
        }

        @Test
        void timeout_exitsWith2() throws Exception {
            TrackingId run = batchProcess(13);

            Running watcher = watch("--tracking-id", run.value(), "--timeout", "500ms");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            List<String> err = watcher.err.all();
            assertThat(err.get(err.size() - 1))
                    .isEqualTo(
                            "progress-server watch: timed out after 500ms; the run is still in"
                                    + " progress");
            assertThat(watcher.out.all()).hasSize(1);
        }
    }

    /**
     * A server without the stream: the real servlet mapped at {@code /batch_progress} alone, so
     * that Jetty answers 404 for {@code /batch_progress/stream}, with a filter that records each
     * request's path, {@code If-None-Match} and status.
     */
    @Nested
    class WithoutStream {

        private record Exchange(String path, @Nullable String ifNoneMatch, int status) {}

        private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();
        private Server jetty;
        private ServerConnector connector;

        @BeforeEach
        void startJetty() throws Exception {
            BatchProgressServlet servlet =
                    BatchProgressServlet.builder(ProgressTracker.create(store))
                            .authenticator(
                                    BearerTokenAuthenticator.builder()
                                            .token(
                                                    TOKEN,
                                                    new Caller(
                                                            "watcher",
                                                            "acme",
                                                            Set.of(Permission.READ)))
                                            .build())
                            .build();
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder(servlet), "/batch_progress");
            context.addFilter(
                    new FilterHolder(new Recorder()), "/*", EnumSet.of(DispatcherType.REQUEST));
            jetty = new Server();
            connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            jetty.setHandler(context);
            jetty.start();
        }

        @AfterEach
        void stopJetty() throws Exception {
            jetty.stop();
        }

        /** Records each exchange after the servlet has answered. */
        private final class Recorder extends HttpFilter {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doFilter(
                    HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                chain.doFilter(request, response);
                exchanges.add(
                        new Exchange(
                                request.getRequestURI(),
                                request.getHeader("If-None-Match"),
                                response.getStatus()));
            }
        }

        @Test
        void watcher_pollsWithEntityTags() throws Exception {
            TrackingId run = batchProcess(20);

            Running watcher =
                    new Running(
                            List.of(
                                    "watch",
                                    "--url",
                                    "http://127.0.0.1:" + connector.getLocalPort(),
                                    "--token",
                                    TOKEN,
                                    "--tracking-id",
                                    run.value(),
                                    "--interval",
                                    "50ms",
                                    "--no-bars"));
            String first = watcher.nextLine();
            List<Exchange> seen = new ArrayList<>();
            while (seen.stream().noneMatch(exchange -> exchange.status() == 304)) {
                assertThat(seen).as("exchanges without a 304").hasSizeLessThan(100);
                Exchange exchange = exchanges.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(exchange).as("an exchange after " + seen).isNotNull();
                seen.add(exchange);
            }
            // One event finishes the run, so no poll can see a state in between.
            store.skip(run, "low - not processed");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.COMPLETE);
            assertThat(seen.get(0)).isEqualTo(new Exchange("/batch_progress/stream", null, 404));
            assertThat(seen.get(1).path()).isEqualTo("/batch_progress");
            assertThat(seen.get(1).ifNoneMatch()).isNull();
            assertThat(seen.get(1).status()).isEqualTo(200);
            Exchange notModified = seen.get(seen.size() - 1);
            assertThat(notModified.ifNoneMatch()).startsWith("\"bp1-");
            assertThat(watcher.err.all())
                    .containsExactly(
                            "progress-server watch: GET http://127.0.0.1:"
                                    + connector.getLocalPort()
                                    + "/batch_progress/stream answered 404 Not Found; polling"
                                    + " http://127.0.0.1:"
                                    + connector.getLocalPort()
                                    + "/batch_progress every 50ms");
            // Unchanged answers print nothing: one line at the start, one at the end.
            assertThat(watcher.out.all()).hasSize(2);
            assertThat(watcher.out.all().get(0)).isEqualTo(first);
        }
    }

    @Nested
    class Usage {

        private Running usage(String... args) {
            List<String> all = new ArrayList<>(List.of("watch"));
            all.addAll(List.of(args));
            return new Running(all);
        }

        @Test
        void bothTrackingOptions_areRejected() throws Exception {
            Running watcher =
                    usage(
                            "--url",
                            url(),
                            "--token",
                            TOKEN,
                            "--tracking-id",
                            "a",
                            "--tracking-ids",
                            "b");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0)).contains("mutually exclusive");
        }

        @Test
        void noTrackingOption_isRejected() throws Exception {
            Running watcher = usage("--url", url(), "--token", TOKEN);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0)).contains("Missing required argument");
        }

        @Test
        void emptyToken_isRejected() throws Exception {
            Running watcher = usage("--url", url(), "--token", "", "--tracking-id", "a");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0))
                    .isEqualTo(
                            "progress-server watch: Missing bearer token: give --token TOKEN or"
                                    + " set the environment variable PROGRESS_TOKEN");
        }

        @Test
        void invalidToken_isRejectedWithoutShowingIt() throws Exception {
            Running watcher =
                    usage("--url", url(), "--token", "secret value", "--tracking-id", "a");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0))
                    .contains("the token is not a valid bearer token")
                    .doesNotContain("secret");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:8080", "http://127.0.0.1?x=1"})
        void invalidUrl_isRejected(String url) throws Exception {
            Running watcher = usage("--url", url, "--token", TOKEN, "--tracking-id", "a");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0))
                    .contains("Invalid value for option '--url': '" + url + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0s", "2 weeks", "-1s"})
        void invalidInterval_isRejected(String interval) throws Exception {
            Running watcher =
                    usage(
                            "--url",
                            url(),
                            "--token",
                            TOKEN,
                            "--tracking-id",
                            "a",
                            "--interval",
                            interval);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0)).contains("'" + interval + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0s", "400d"})
        void invalidTimeout_isRejected(String timeout) throws Exception {
            Running watcher =
                    usage(
                            "--url",
                            url(),
                            "--token",
                            TOKEN,
                            "--tracking-id",
                            "a",
                            "--timeout",
                            timeout);

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0))
                    .contains(
                            "'"
                                    + timeout
                                    + "' is not a duration from 1 ms to 365 days; expected a"
                                    + " number with the unit ms, s, m or h, such as 30m");
        }

        @Test
        void emptyTrackingIds_areRejected() throws Exception {
            Running watcher = usage("--url", url(), "--token", TOKEN, "--tracking-ids", ",,");

            assertThat(watcher.exitCode()).isEqualTo(WatchCommand.ERROR);
            assertThat(watcher.err.all().get(0)).contains("--tracking-ids has no tracking id");
        }
    }
}
