package dev.batchprogress.jmh.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wrk runs against one server path: files named {@code TARGET-ROUND.txt}, each with the one
 * {@code WRK_JSON} line that {@code src/main/wrk/summary.lua} prints.
 */
final class HttpRuns {

    private static final String MARKER = "WRK_JSON ";

    private static final String[] FIELDS = {
        "duration_us",
        "requests",
        "errors_connect",
        "errors_read",
        "errors_write",
        "errors_status",
        "errors_timeout",
        "latency_p50_us",
        "latency_p99_us"
    };

    /**
     * One wrk run.
     *
     * @param requestsPerSecond completed requests divided by the run's duration
     * @param p50Micros the median latency
     * @param p99Micros the 99th percentile latency
     * @param errors connection errors, timeouts and responses other than 2xx or 3xx
     */
    record Round(double requestsPerSecond, double p50Micros, double p99Micros, long errors) {}

    /** The rounds by their number, which pairs them with the other targets' rounds. */
    private final NavigableMap<Integer, Round> rounds;

    private HttpRuns(NavigableMap<Integer, Round> rounds) {
        this.rounds = rounds;
    }

    /**
     * Reads the rounds of one target, such as {@code servlet}; none when the folder is absent.
     *
     * @throws IOException if a file cannot be read, or a round's file has no valid {@code WRK_JSON}
     *     line or more than one; the message names the file
     */
    static HttpRuns read(Path folder, String target) throws IOException {
        NavigableMap<Integer, Round> rounds = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return new HttpRuns(rounds);
        }
        Pattern name = Pattern.compile(Pattern.quote(target) + "-([1-9][0-9]{0,5})\\.txt");
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.toList();
        }
        ObjectMapper mapper = new ObjectMapper();
        for (Path file : files) {
            Matcher matcher = name.matcher(file.getFileName().toString());
            if (matcher.matches()) {
                rounds.put(Integer.parseInt(matcher.group(1)), round(file, mapper));
            }
        }
        return new HttpRuns(rounds);
    }

    private static Round round(Path file, ObjectMapper mapper) throws IOException {
        List<String> lines =
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.startsWith(MARKER))
                        .toList();
        if (lines.size() != 1) {
            throw new IOException(
                    "wrk output "
                            + file
                            + " has "
                            + lines.size()
                            + " WRK_JSON lines; expected one, as src/main/wrk/summary.lua prints");
        }
        JsonNode json;
        try {
            json = mapper.readTree(lines.get(0).substring(MARKER.length()));
        } catch (JsonProcessingException e) {
            throw new IOException(
                    "wrk output " + file + " has a WRK_JSON line that is not valid JSON", e);
        }
        for (String field : FIELDS) {
            if (json == null || !json.path(field).isNumber() || json.path(field).asDouble() < 0) {
                throw new IOException(
                        "wrk output "
                                + file
                                + " has no valid '"
                                + field
                                + "' in its WRK_JSON line; expected a number of at least 0");
            }
        }
        double seconds = json.get("duration_us").asDouble() / 1e6;
        double requests = json.get("requests").asDouble();
        if (seconds == 0 || requests == 0) {
            throw new IOException(
                    "wrk output "
                            + file
                            + " records "
                            + (long) requests
                            + " requests in "
                            + seconds
                            + " s; expected a round that completed requests, see wrk's output"
                            + " above its WRK_JSON line");
        }
        long errors =
                json.get("errors_connect").asLong()
                        + json.get("errors_read").asLong()
                        + json.get("errors_write").asLong()
                        + json.get("errors_status").asLong()
                        + json.get("errors_timeout").asLong();
        return new Round(
                requests / seconds,
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
        return rounds.values().stream().mapToLong(Round::errors).sum();
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
     * same number, with half the spread of those ratios as error. The script runs the targets'
     * rounds of one number within seconds of each other, so a slow phase of a shared machine moves
     * both rounds of a pair. Rounds that only one target has are left out.
     */
    private Score ratio(HttpRuns other, ToDoubleFunction<Round> metric) {
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<Integer, Round> round : rounds.entrySet()) {
            Round paired = other.rounds.get(round.getKey());
            if (paired != null) {
                ratios.add(metric.applyAsDouble(round.getValue()) / metric.applyAsDouble(paired));
            }
        }
        return summarize(ratios.stream().mapToDouble(Double::doubleValue).toArray(), "");
    }

    /** Returns the number of rounds that this target and another both have. */
    int pairs(HttpRuns other) {
        return (int) rounds.keySet().stream().filter(other.rounds::containsKey).count();
    }

    private double[] values(ToDoubleFunction<Round> metric) {
        return rounds.values().stream().mapToDouble(metric).toArray();
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
