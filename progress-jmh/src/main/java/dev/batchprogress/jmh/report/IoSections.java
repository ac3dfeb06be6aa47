package dev.batchprogress.jmh.report;

import dev.batchprogress.jmh.report.JmhResults.Result;
import dev.batchprogress.jmh.report.Verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sections of the benchmarks that leave the process: the database and HTTP. */
final class IoSections {

    private static final double THROUGHPUT_TARGET = 0.9;
    private static final double P99_TARGET = 1.2;
    private static final int METHODS_SHOWN = 8;

    /** Below this many samples of a path, the report calls the shares of its profile rough. */
    private static final int ROUGH_PROFILE_SAMPLES = 500;

    /** A method of ours with at least this share of the server's samples is called a hot spot. */
    private static final double HOT_SPOT_PERCENT = 5.0;

    private IoSections() {}

    static String database(
            JmhResults jmh, Optional<String> postgresUnreachable, List<Verdict> verdicts) {
        Markdown section = new Markdown().heading(2, "5. Database");
        section.paragraph(
                "`JdbcSourceBenchmark`: one supply shed run of a million facilities in PostgreSQL",
                "on loopback, in a schema of the benchmark's own that it drops afterwards. The",
                "setup registers the run through `JdbcRunRecorder` and writes the facilities'",
                "states (drawn by `random()` after a fixed `setseed`) with `INSERT ... SELECT`",
                "over `generate_series`: the same rows and counters that a million events would",
                "leave, and the same states in a plain table `facility (run, facility, state)` of",
                "a million rows. Ours is `JdbcRunStateSource.load`, one statement that reads the",
                "run's row, flows and state counters; the alternative is `SELECT state, count(*)",
                "FROM facility WHERE run = ? GROUP BY state`. Both then build the same answer,",
                "through one HikariCP pool. The ratio is the alternative's time over ours.");
        Optional<Result> ours = EngineSections.find(jmh, "JdbcSourceBenchmark.jdbcSourceQuery");
        Optional<Result> groupBy = EngineSections.find(jmh, "JdbcSourceBenchmark.groupByQuery");
        if (ours.isEmpty() || groupBy.isEmpty()) {
            String reason =
                    postgresUnreachable.orElse(
                            "JMH wrote no result; the benchmark's log in"
                                    + " progress-jmh/target/benchmark-results/jmh.log says why");
            verdicts.add(
                    new Verdict(
                            "5. Database",
                            "none; counters against GROUP BY",
                            "not measured",
                            Outcome.NOT_MEASURED));
            return section.paragraph("Not measured: " + reason + ".").toString();
        }
        Score ratio = groupBy.get().primary().dividedBy(ours.get().primary());
        section.table(
                List.of("query", "time", "ratio"),
                List.of(
                        List.of(
                                "ours: `JdbcRunStateSource`, counters",
                                EngineSections.primary(ours),
                                ratio.describeRatio()),
                        List.of(
                                "alternative: `GROUP BY` over a million rows",
                                EngineSections.primary(groupBy),
                                "1×")));
        verdicts.add(
                new Verdict(
                        "5. Database",
                        "none; counters against GROUP BY",
                        ratio.describeRatio() + " faster",
                        Outcome.NO_TARGET));
        section.paragraph(
                "Reading the counters costs a round trip and a dozen rows however large the run",
                "is; counting reads every facility row of the run on every query, "
                        + ratio.describeRatio(),
                "slower at a million facilities, and grows with the run.");
        return section.toString();
    }

    static String http(
            HttpRuns servlet,
            HttpRuns fixed,
            HttpRuns revalidation,
            Optional<JfrSamples> servletProfile,
            Optional<JfrSamples> fixedProfile,
            List<Verdict> verdicts) {
        Markdown section = new Markdown().heading(2, "6. HTTP");
        section.paragraph(
                "`HttpComparison`: one embedded Jetty 12 (ee10) on 127.0.0.1 serves the real",
                "`BatchProgressServlet` at `/batch_progress` (bearer token, one supply shed run of",
                "1,000 facilities in `InMemoryRunStore`) and a minimal servlet that writes the",
                "same JSON bytes at `/fixed_json`, with the same connector, thread pool and",
                "async support. The",
                "server runs pinned to one core with `taskset`, and wrk (1 thread, 32",
                "connections) on the other. Both paths get the same query string and the same",
                "`Authorization` header, which the fixed servlet ignores, so Jetty parses",
                "requests of the same length for each. After a warm-up of two minutes that",
                "cycles through the paths (in trial runs the figures stopped rising after about",
                "a minute), the measured rounds alternate too. Ratios are ours over the fixed",
                "servlet's.");
        if (servlet.isEmpty() || fixed.isEmpty()) {
            verdicts.add(
                    new Verdict(
                            "6. HTTP, requests per second",
                            "at least 90% of the fixed servlet",
                            "not measured",
                            Outcome.NOT_MEASURED));
            verdicts.add(
                    new Verdict(
                            "6. HTTP, p99 latency",
                            "at most 1.2× the fixed servlet",
                            "not measured",
                            Outcome.NOT_MEASURED));
            return section.paragraph(
                            "Not measured: no wrk results. The script runs wrk from Debian's",
                            "`wrk` package; see its output for why it did not run.")
                    .toString();
        }
        Score throughput =
                wrkTable(
                        section,
                        "path",
                        "ours: `/batch_progress`",
                        servlet,
                        "alternative: fixed JSON",
                        fixed);
        Score p99 = servlet.p99Ratio(fixed);
        boolean throughputMet = throughput.value() >= THROUGHPUT_TARGET;
        boolean p99Met = p99.value() <= P99_TARGET;
        verdicts.add(
                new Verdict(
                        "6. HTTP, requests per second",
                        "at least 90% of the fixed servlet",
                        throughput.describeRatio(),
                        Outcome.of(throughputMet)));
        verdicts.add(
                new Verdict(
                        "6. HTTP, p99 latency",
                        "at most 1.2× the fixed servlet",
                        p99.describeRatio(),
                        Outcome.of(p99Met)));
        section.paragraph(
                "Over " + servlet.pairs(fixed) + " pairs of rounds, the servlet serves",
                throughput.describeRatio() + " of the fixed servlet's requests per second",
                "(target at least 0.9×: " + (throughputMet ? "met" : "missed") + ") with a",
                "p99 latency " + p99.describeRatio() + " of its (target at most 1.2×:",
                (p99Met ? "met)." : "missed)."),
                "With 32 connections on one server core, each request waits behind the ones",
                "ahead of it, so the latencies follow the inverse of the requests per second,",
                Numbers.significant(1 / throughput.value()) + "× here.");
        if (!revalidation.isEmpty()) {
            section.raw(revalidation(servlet, revalidation));
        }
        if (servletProfile.isPresent() && fixedProfile.isPresent()) {
            section.raw(profile(servletProfile.get(), fixedProfile.get()));
        }
        return section.toString();
    }

    /** Returns what a 304 revalidation costs next to a full answer, as Markdown. */
    private static String revalidation(HttpRuns full, HttpRuns revalidation) {
        Markdown section = new Markdown().heading(3, "Revalidation with `If-None-Match`");
        section.paragraph(
                "A poller that sends back the answer's `ETag` in `If-None-Match` gets",
                "`304 Not Modified` without a body while the run is unchanged. The same wrk",
                "settings, alternating with the rounds above, sent the current tag to",
                "`/batch_progress`; every answer was a 304. Time per request is the inverse of",
                "the requests per second.");
        Score throughput =
                wrkTable(
                        section,
                        "answer",
                        "revalidation, 304",
                        revalidation,
                        "full answer, 200",
                        full);
        section.paragraph(
                "A 304 serves " + throughput.describeRatio() + " the requests per second of a",
                "full answer. It still authenticates, resolves the query and reads the runs'",
                "snapshots, which give the tag; it skips the body, whose bytes come from a cache",
                "of recent answers anyway, so most of the saving is on the wire and in the",
                "client, which parses nothing.");
        return section.toString();
    }

    /**
     * Adds a table of two wrk targets and their ratio, the first over the second, and returns the
     * ratio of their requests per second.
     */
    private static Score wrkTable(
            Markdown section,
            String firstColumn,
            String firstLabel,
            HttpRuns first,
            String secondLabel,
            HttpRuns second) {
        Score throughput = first.throughputRatio(second);
        section.table(
                List.of(firstColumn, "requests per second", "p50 latency", "p99 latency", "errors"),
                List.of(
                        wrkRow(firstLabel, first),
                        wrkRow(secondLabel, second),
                        List.of(
                                "ratio",
                                throughput.describeRatio(),
                                first.p50Ratio(second).describeRatio(),
                                first.p99Ratio(second).describeRatio(),
                                "")));
        return throughput;
    }

    private static List<String> wrkRow(String label, HttpRuns runs) {
        return List.of(
                label,
                runs.requestsPerSecond().describe(),
                runs.p50().describe(),
                runs.p99().describe(),
                Long.toString(runs.errors()));
    }

    /** Returns where the server's time went in the profiled rounds, as Markdown. */
    private static String profile(JfrSamples ours, JfrSamples fixed) {
        Markdown section = new Markdown();
        section.paragraph(
                "Where the server's time goes: after the measured rounds, one more round of",
                "each path ran while JFR sampled the server's Java threads every 10 ms and",
                "recorded nothing else. JFR slows the server down, and it samples only threads",
                "running Java code, so the shares below are of that code, not of all the",
                "server's time. Against our servlet,",
                ours.percent(ours.inServlet()) + " of " + ours.total() + " samples were inside",
                "`BatchProgressServlet.service`; against the fixed one,",
                fixed.percent(fixed.inServlet()) + " of " + fixed.total() + " were inside",
                "`FixedJsonServlet.doGet`, which only writes its bytes. The rest is Jetty, the",
                "JDK's network code and the JVM. Inside our servlet, by the project method",
                "nearest the top of each sampled stack (`Reply.send` sets the headers and writes",
                "the body, as the fixed servlet does with three headers fewer):");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> method : ours.byMethod().entrySet()) {
            if (rows.size() == METHODS_SHOWN) {
                break;
            }
            rows.add(List.of("`" + method.getKey() + "`", ours.percent(method.getValue())));
        }
        section.table(List.of("method", "share of the round's samples"), rows);
        double extra =
                100.0 * ours.inServlet() / ours.total() - 100.0 * fixed.inServlet() / fixed.total();
        Optional<Map.Entry<String, Integer>> largest =
                ours.byMethod().entrySet().stream()
                        .filter(method -> method.getKey().startsWith("dev."))
                        .filter(method -> !method.getKey().endsWith("Reply.send"))
                        .findFirst();
        boolean noHotSpot =
                largest.map(method -> 100.0 * method.getValue() / ours.total() < HOT_SPOT_PERCENT)
                        .orElse(true);
        section.paragraph(
                "Our servlet's own work, which the fixed one does not do, takes about",
                Numbers.significant(extra) + " percentage points more of the server's samples:",
                "authenticating the token (a SHA-256 digest compared with the table's), decoding",
                "the query and applying the contract's parameter rules, the tracker's lookup and",
                "calculation, the entity tag (another SHA-256 digest) and three more headers",
                "(`Cache-Control`, `ETag`, `Last-Modified`); the JSON comes from the cache of",
                "recent answers.",
                largest.map(
                                method ->
                                        "Its largest part is `"
                                                + method.getKey()
                                                + "`, "
                                                + ours.percent(method.getValue())
                                                + " of the samples.")
                        .orElse(""),
                noHotSpot
                        ? "No step stands out: the gap is the sum of the steps that the contract"
                                + " asks of every request, not one cost left to remove."
                        : "That step is where to look first.",
                ours.total() < ROUGH_PROFILE_SAMPLES || fixed.total() < ROUGH_PROFILE_SAMPLES
                        ? "JFR took few samples in one short round, so these shares are rough."
                        : "");
        return section.toString();
    }
}
