package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holds many concurrent clients on loopback against the standalone server for a fixed time while
 * its replay records events, and checks every answer: the expected status, a body that parses, the
 * invariants of the wire contract, and supply shed counts that never go back within one client.
 * Records the latency percentiles and the throughput.
 *
 * <p>The default is 64 clients for 10 seconds. {@code -Dbatchprogress.load.seconds=60} and {@code
 * -Dbatchprogress.load.clients=N} run it longer or wider, for the figures of {@code
 * RELIABILITY.md}. The figures go to standard output and to {@code target/load-test.txt}.
 */
class LoadOverHttpTest {

    private static final int CLIENTS = Integer.getInteger("batchprogress.load.clients", 64);
    private static final Duration DURATION =
            Duration.ofSeconds(Long.getLong("batchprogress.load.seconds", 10));

    /** The simulated length of the bundled replay, about 17 minutes; see {@link ReplaySettings}. */
    private static final Duration SIMULATED_REPLAY = Duration.ofMinutes(17);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ProgressJson json = ProgressJson.create();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong replayAdvances = new AtomicLong();

    /** One query a client sends, with the status and shape its answer must have. */
    private record Query(String target, String token, int status, RunKind shape) {}

    @Test
    @Timeout(600)
    void manyClients_getConsistentAnswersWhileTheReplayRecords() throws Exception {
        Set<Thread> before = Threads.nonDaemon();
        // The replay runs 1.5 times as long as the test, so that it records throughout.
        double speed = SIMULATED_REPLAY.toMillis() / (DURATION.toMillis() * 1.5);
        ReplayListener counting =
                new ReplayListener() {
                    @Override
                    public void advanced(Duration elapsed) {
                        replayAdvances.incrementAndGet();
                    }
                };
        ProgressService service =
                ProgressService.start(TestServer.settings(speed).build(), counting);
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(REQUEST_TIMEOUT)
                        .build();
        List<Query> queries = queries(service);
        List<Client> clients = new ArrayList<>();
        Result result;
        int threadsUnderLoad;
        try {
            long advancesAtStart = replayAdvances.get();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Client each = new Client(client, service.port(), queries, new SplittableRandom(i));
                clients.add(each);
                Thread thread = new Thread(() -> each.run(start), "load-client-" + i);
                threads.add(thread);
                thread.start();
            }
            long startNanos = System.nanoTime();
            start.countDown();
            for (Thread thread : threads) {
                thread.join(DURATION.toMillis() + REQUEST_TIMEOUT.toMillis() * 2);
            }
            long elapsedNanos = System.nanoTime() - startNanos;
            result = Result.of(clients, elapsedNanos, replayAdvances.get() - advancesAtStart);
            threadsUnderLoad = Thread.activeCount();
        } finally {
            service.close();
        }
        List<String> left = Threads.remainingSince(before, Duration.ofSeconds(10));
        report(result, speed);
        System.out.printf(
                "load test threads: %d non-daemon before, %d live under load, %d non-daemon"
                        + " after the server stopped%n",
                before.size(), threadsUnderLoad, Threads.nonDaemon().size());

        assertThat(failures).as("failed requests, first of them").isEmpty();
        assertThat(violations.get()).as("answers that break an invariant").isZero();
        assertThat(result.requests()).as("requests").isGreaterThan(CLIENTS);
        assertThat(clients).allSatisfy(each -> assertThat(each.requests).isPositive());
        assertThat(result.replayAdvances())
                .as("replay steps recorded during the test")
                .isPositive();
        assertThat(clients.stream().mapToLong(each -> each.changedAnswers).sum())
                .as("answers that changed between two requests of one client")
                .isPositive();
        assertThat(left).as("non-daemon threads left after the server stopped").isEmpty();
    }

    private static List<Query> queries(ProgressService service) {
        String reader = TestServer.READER_TOKEN;
        List<Query> queries = new ArrayList<>();
        List<String> supplySheds = new ArrayList<>();
        for (ReplayRun run : service.runs()) {
            String id = run.trackingId().value();
            queries.add(new Query("/batch_progress?tracking_id=" + id, reader, 200, run.kind()));
            queries.add(
                    new Query(
                            "/batch_progress?filename=" + run.filename(), reader, 200, run.kind()));
            queries.add(
                    new Query(
                            "/batch_progress?tracking_id=" + id,
                            TestServer.OTHER_ORGANIZATION_TOKEN,
                            400,
                            run.kind()));
            if (run.kind() == RunKind.BATCH_SUPPLY_SHED) {
                supplySheds.add(id);
            }
        }
        queries.add(
                new Query(
                        "/batch_progress?tracking_ids="
                                + String.join("&tracking_ids=", supplySheds),
                        reader,
                        200,
                        RunKind.BATCH_SUPPLY_SHED));
        queries.add(
                new Query(
                        "/batch_progress?tracking_ids=" + supplySheds.get(0) + "&dummy_data=true",
                        reader,
                        200,
                        RunKind.BATCH_SUPPLY_SHED));
        return List.copyOf(queries);
    }

    /** One client: sends a random query after each answer until the time is up. */
    private final class Client {

        private final HttpClient client;
        private final int port;
        private final List<Query> queries;
        private final SplittableRandom random;
        private final Map<String, SupplyShedProgress> lastSeen = new HashMap<>();
        private final Map<String, String> lastBody = new HashMap<>();
        private long[] latencies = new long[1024];
        int requests;
        long changedAnswers;

        Client(HttpClient client, int port, List<Query> queries, SplittableRandom random) {
            this.client = client;
            this.port = port;
            this.queries = queries;
            this.random = random;
        }

        void run(CountDownLatch start) {
            try {
                start.await();
                long deadline = System.nanoTime() + DURATION.toNanos();
                while (System.nanoTime() < deadline && failures.isEmpty()) {
                    Query query = queries.get(random.nextInt(queries.size()));
                    send(query);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                failures.add(Thread.currentThread().getName() + ": " + e);
            }
        }

        private void send(Query query) throws IOException, InterruptedException {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + query.target()))
                            .timeout(REQUEST_TIMEOUT)
                            .header("Authorization", "Bearer " + query.token())
                            .GET()
                            .build();
            long started = System.nanoTime();
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            record(System.nanoTime() - started);
            if (response.statusCode() != query.status()) {
                failures.add(query + " got " + response.statusCode() + " " + response.body());
                return;
            }
            if (query.status() != 200) {
                json.readDetail(response.body());
                return;
            }
            String previous = lastBody.put(query.target(), response.body());
            if (previous != null && !previous.equals(response.body())) {
                changedAnswers++;
            }
            check(query, json.readProgress(response.body()));
        }

        private void record(long nanos) {
            if (requests == latencies.length) {
                latencies = Arrays.copyOf(latencies, requests * 2);
            }
            latencies[requests++] = nanos;
        }

        private void check(Query query, Progress progress) {
            List<String> broken = new ArrayList<>();
            if (progress instanceof SupplyShedProgress shed) {
                if (query.shape() != RunKind.BATCH_SUPPLY_SHED) {
                    broken.add("a supply shed answer for a batch process query");
                }
                checkSupplyShed(query, shed, broken);
            } else if (progress instanceof BatchProcessProgress run) {
                if (query.shape() != RunKind.BATCH_PROCESS) {
                    broken.add("a batch process answer for a supply shed query");
                }
                checkBatchProcess(run, broken);
            }
            if (!broken.isEmpty()) {
                violations.incrementAndGet();
                failures.add(query.target() + " answered " + progress + ": " + broken);
            }
        }

        private void checkSupplyShed(Query query, SupplyShedProgress shed, List<String> broken) {
            if (shed.skipReason() != null) {
                return;
            }
            long open = shed.queued() + shed.preprocessing() + shed.processing();
            if (open + shed.completed() + shed.failed() != shed.total()) {
                broken.add("counts do not add up to the total");
            }
            if (shed.ungeocoded() < 0 || shed.ungeocoded() > shed.failed()) {
                broken.add("ungeocoded outside [0, failed]");
            }
            if (shed.complete() != (open == 0)) {
                broken.add("complete does not match the open count");
            }
            if (query.target().contains("dummy_data")) {
                return;
            }
            SupplyShedProgress last = lastSeen.put(query.target(), shed);
            if (last != null
                    && (shed.completed() < last.completed()
                            || shed.failed() < last.failed()
                            || shed.queued() > last.queued())) {
                broken.add("counts went back from " + last);
            }
        }

        private void checkBatchProcess(BatchProcessProgress run, List<String> broken) {
            if (run.skipReason() != null) {
                return;
            }
            int overall = (int) (((run.stage() - 1L) * 100 + run.progress()) / run.nStages());
            if (run.overallProgress() != overall) {
                broken.add("overall progress is not ((stage - 1) * 100 + progress) / n_stages");
            }
            if (run.progress() == 100 && !run.complete() && run.stage() == run.nStages()) {
                broken.add("the last stage at 100 but the run is not complete");
            }
        }
    }

    /** The figures of one load run. */
    private record Result(
            long requests,
            long elapsedNanos,
            long p50,
            long p95,
            long p99,
            long max,
            long replayAdvances) {

        static Result of(List<Client> clients, long elapsedNanos, long replayAdvances) {
            long[] all =
                    clients.stream()
                            .flatMapToLong(each -> Arrays.stream(each.latencies, 0, each.requests))
                            .sorted()
                            .toArray();
            if (all.length == 0) {
                return new Result(0, elapsedNanos, 0, 0, 0, 0, replayAdvances);
            }
            return new Result(
                    all.length,
                    elapsedNanos,
                    percentile(all, 50),
                    percentile(all, 95),
                    percentile(all, 99),
                    all[all.length - 1],
                    replayAdvances);
        }

        /** Returns the nearest-rank percentile of sorted values. */
        private static long percentile(long[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        double throughput() {
            return requests * 1e9 / elapsedNanos;
        }
    }

    private static void report(Result result, double speed) throws IOException {
        String text =
                String.format(
                        Locale.ROOT,
                        "load test: %d clients for %d s (replay speed %.1f), %d requests,"
                                + " %.0f requests/s, latency p50 %.2f ms, p95 %.2f ms,"
                                + " p99 %.2f ms, max %.2f ms, %d replay steps recorded meanwhile%n",
                        CLIENTS,
                        DURATION.toSeconds(),
                        speed,
                        result.requests(),
                        result.throughput(),
                        result.p50() / 1e6,
                        result.p95() / 1e6,
                        result.p99() / 1e6,
                        result.max() / 1e6,
                        result.replayAdvances());
        System.out.print(text);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("load-test.txt"), text);
        }
    }
}
