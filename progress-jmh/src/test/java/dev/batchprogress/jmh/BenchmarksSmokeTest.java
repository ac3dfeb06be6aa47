package dev.batchprogress.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.jmh.http.HttpComparison;
import dev.batchprogress.jmh.report.ReportWriter;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, in this JVM, with the smallest parameters and a 100 ms iteration, so
 * that a change that breaks one fails the build. No number is judged: that is the job of {@code
 * run-benchmarks.sh} and its report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchmarksSmokeTest {

    private static final List<Class<?>> IN_PROCESS =
            List.of(
                    QueryCostBenchmark.class,
                    CacheHitBenchmark.class,
                    RecordingBenchmark.class,
                    CombinedQueryBenchmark.class);

    private Path results = Path.of("");
    private Collection<RunResult> inProcess = List.of();

    @BeforeAll
    void runInProcessBenchmarks(@TempDir Path folder) throws RunnerException {
        results = folder;
        List<String> names = new ArrayList<>();
        for (Class<?> benchmark : IN_PROCESS) {
            names.add(benchmark.getSimpleName());
        }
        ChainedOptionsBuilder options =
                tiny("10")
                        .include("\\.(" + String.join("|", names) + ")\\.")
                        .addProfiler(GCProfiler.class)
                        .resultFormat(ResultFormatType.JSON)
                        .result(results.resolve("jmh.json").toString());
        inProcess = new Runner(options.build()).run();
    }

    /**
     * Returns options for one short iteration of each benchmark in this JVM, with the smallest
     * sizes and the given number of facilities.
     */
    private static ChainedOptionsBuilder tiny(String facilities) {
        // The lock keeps two JMH runs from measuring at once; this run measures nothing.
        System.setProperty("jmh.ignoreLock", "true");
        return new OptionsBuilder()
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("facilities", facilities)
                .param("runs", "1")
                .param("facilitiesPerRun", "1048576")
                .param("runCount", "4")
                .param("plainFacilities", "1024")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    @Test
    void everyInProcessBenchmark_hasAResult() {
        Set<String> expected = new TreeSet<>();
        for (Class<?> benchmark : IN_PROCESS) {
            expected.addAll(benchmarkMethods(benchmark));
        }

        Set<String> ran = new TreeSet<>();
        for (RunResult result : inProcess) {
            ran.add(result.getParams().getBenchmark());
        }

        assertThat(ran).isEqualTo(expected);
    }

    @Test
    void jdbcBenchmark_runsAgainstPostgres() throws RunnerException {
        Optional<String> unreachable = PostgresSettings.fromEnvironment().unreachableReason();
        if (unreachable.isPresent()) {
            if ("1".equals(System.getenv("PROGRESS_REQUIRE_POSTGRES"))) {
                Assertions.fail(
                        unreachable.get() + ", and PROGRESS_REQUIRE_POSTGRES=1 requires it");
            }
            Assumptions.abort(unreachable.get());
        }

        Collection<RunResult> ran =
                new Runner(tiny("1000").include("\\.JdbcSourceBenchmark\\.").build()).run();

        assertThat(ran).hasSize(benchmarkMethods(JdbcSourceBenchmark.class).size());
    }

    @Test
    void httpComparison_servesSameBody() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (HttpComparison comparison = HttpComparison.start(100)) {
            List<String> servletBodies = get(client, comparison.servletUri(), 200);
            List<String> fixedBodies = get(client, comparison.fixedUri(), 200);

            assertThat(servletBodies).hasSize(200).containsOnly(fixedBodies.get(0));
            assertThat(fixedBodies).hasSize(200).containsOnly(fixedBodies.get(0));
        }
    }

    @Test
    void footprint_measuresBothLayouts() {
        FacilityFootprint.Result result = FacilityFootprint.measure(10_000);

        assertThat(result.storeBytes()).isPositive();
        assertThat(result.objectBytes()).isPositive();
    }

    @Test
    void reportWriter_writesEverySection() throws IOException {
        Files.writeString(
                results.resolve("footprint.json"), FacilityFootprint.measure(1000).toJson());
        Path http = Files.createDirectories(results.resolve("http"));
        String wrk =
                "WRK_JSON {\"duration_us\":1000000,\"requests\":1000,\"bytes\":1,"
                        + "\"errors_connect\":0,\"errors_read\":0,\"errors_write\":0,"
                        + "\"errors_status\":0,\"errors_timeout\":0,\"latency_mean_us\":1.0,"
                        + "\"latency_p50_us\":1,\"latency_p90_us\":2,\"latency_p99_us\":3,"
                        + "\"latency_p999_us\":4,\"latency_max_us\":5}\n";
        Files.writeString(http.resolve("servlet-1.txt"), wrk);
        Files.writeString(http.resolve("fixed-1.txt"), wrk);
        Path report = results.resolve("BENCHMARKS.md");

        ReportWriter.main(new String[] {results.toString(), report.toString()});

        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("## Targets")
                .contains("## 1. Query cost against run size")
                .contains("## 2. Cache hit")
                .contains("## 3. Recording events")
                .contains("### Memory per facility")
                .contains("## 4. Combining runs")
                .contains("## 5. Database")
                .contains("## 6. HTTP");
    }

    private static List<String> get(HttpClient client, URI uri, int count)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + HttpComparison.TOKEN)
                        .timeout(Duration.ofSeconds(5))
                        .build();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            bodies.add(response.body());
        }
        return bodies;
    }

    private static Set<String> benchmarkMethods(Class<?> benchmark) {
        Set<String> names = new TreeSet<>();
        for (Method method : benchmark.getMethods()) {
            if (method.isAnnotationPresent(Benchmark.class)) {
                names.add(benchmark.getName() + "." + method.getName());
            }
        }
        return names;
    }
}
