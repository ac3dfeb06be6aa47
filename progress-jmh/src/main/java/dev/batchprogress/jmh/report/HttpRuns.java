package dev.batchprogress.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The wrk runs against one server path: files named {@code TARGET-ROUND.txt}, each with the {@code
 * WRK_JSON} line that {@code src/main/wrk/summary.lua} prints.
 */
final class HttpRuns {

    private static final String MARKER = "WRK_JSON ";

    /**
     * One wrk run.
     *
     * @param requestsPerSecond completed requests divided by the run's duration
     * @param p50Micros the median latency
     * @param p99Micros the 99th percentile latency
     * @param errors connection errors, timeouts and responses other than 2xx or 3xx
     */
    record Round(double requestsPerSecond, double p50Micros, double p99Micros, long errors) {}

    private final List<Round> rounds;

    private HttpRuns(List<Round> rounds) {
        this.rounds = rounds;
    }

    /** Reads the rounds of one target, such as {@code servlet}; none when the folder is absent. */
    static HttpRuns read(Path folder, String target) throws IOException {
        List<Round> rounds = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new HttpRuns(rounds);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files =
                    listing.filter(path -> path.getFileName().toString().startsWith(target + "-"))
                            .sorted()
                            .toList();
        }
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(MARKER)) {
                    rounds.add(round(mapper.readTree(line.substring(MARKER.length()))));
                }
            }
        }
        return new HttpRuns(rounds);
    }

    private static Round round(JsonNode json) {
        double seconds = json.get("duration_us").asDouble() / 1e6;
        long errors =
                json.get("errors_connect").asLong()
                        + json.get("errors_read").asLong()
                        + json.get("errors_write").asLong()
                        + json.get("errors_status").asLong()
                        + json.get("errors_timeout").asLong();
        return new Round(
                json.get("requests").asDouble() / seconds,
                json.get("latency_p50_us").asDouble(),
                json.get("latency_p99_us").asDouble(),
                errors);
    }

    boolean isEmpty() {
        return rounds.isEmpty();
    }

    int size() {
        return rounds.size();
    }

    long errors() {
        return rounds.stream().mapToLong(Round::errors).sum();
    }

    /** Returns the median of the rounds' requests per second, with half their spread as error. */
    Score requestsPerSecond() {
        return summarize(values(Round::requestsPerSecond), "requests/s");
    }

    /** Returns the median of the rounds' median latencies in microseconds, with half the spread. */
    Score p50() {
        return summarize(values(Round::p50Micros), "µs");
    }

    /** Returns the median of the rounds' 99th percentiles in microseconds, with half the spread. */
    Score p99() {
        return summarize(values(Round::p99Micros), "µs");
    }

    /** Returns the ratio of requests per second to another target's; see {@link #ratio}. */
    Score throughputRatio(HttpRuns other) {
        return ratio(other, Round::requestsPerSecond);
    }

    /** Returns the ratio of median latencies to another target's; see {@link #ratio}. */
    Score p50Ratio(HttpRuns other) {
        return ratio(other, Round::p50Micros);
    }

    /** Returns the ratio of 99th percentiles to another target's; see {@link #ratio}. */
    Score p99Ratio(HttpRuns other) {
        return ratio(other, Round::p99Micros);
    }

    /**
     * Returns the median of the ratios of each round's metric to the other target's round of the
     * same number, with half the spread of those ratios as error. The script alternates the targets
     * round by round, so the two rounds of a pair ran seconds apart, and a slow phase of a shared
     * machine, which moves both, leaves their ratio alone.
     */
    private Score ratio(HttpRuns other, ToDoubleFunction<Round> metric) {
        int pairs = Math.min(rounds.size(), other.rounds.size());
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratios[i] =
                    metric.applyAsDouble(rounds.get(i)) / metric.applyAsDouble(other.rounds.get(i));
        }
        return summarize(ratios, "");
    }

    private double[] values(ToDoubleFunction<Round> metric) {
        return rounds.stream().mapToDouble(metric).toArray();
    }

    /**
     * Returns the median of some values, which one round disturbed by another process on the
     * machine does not move, with half the spread between the lowest and highest as error.
     */
    private static Score summarize(double[] unsorted, String unit) {
        double[] values = unsorted.clone();
        Arrays.sort(values);
        if (values.length == 0) {
            return new Score(Double.NaN, Double.NaN, unit);
        }
        int middle = values.length / 2;
        double median =
                values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return new Score(median, (values[values.length - 1] - values[0]) / 2, unit);
    }
}
