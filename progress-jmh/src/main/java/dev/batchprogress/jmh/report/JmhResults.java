package dev.batchprogress.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The results of one JMH run, read from the file that {@code -rf json} writes. */
final class JmhResults {

    private static final String ALLOCATION_METRIC = "gc.alloc.rate.norm";

    /**
     * One benchmark method with one set of parameters.
     *
     * @param benchmark the class's simple name and the method, such as {@code
     *     QueryCostBenchmark.trackerQuery}
     * @param params the parameters' values by name
     * @param threads the number of threads that ran it
     * @param primary the score
     * @param allocation bytes allocated per operation, from {@code -prof gc}, or null without it
     */
    record Result(
            String benchmark,
            Map<String, String> params,
            int threads,
            Score primary,
            @Nullable Score allocation) {}

    private final List<Result> results;
    private final @Nullable JsonNode first;

    private JmhResults(List<Result> results, @Nullable JsonNode first) {
        this.results = results;
        this.first = first;
    }

    /** Reads a JSON result file; a missing or empty file gives no results. */
    static JmhResults read(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return new JmhResults(List.of(), null);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            results.add(result(node));
        }
        return new JmhResults(results, root.size() == 0 ? null : root.get(0));
    }

    private static Result result(JsonNode node) {
        String qualified = node.get("benchmark").asText();
        int method = qualified.lastIndexOf('.');
        String benchmark = qualified.substring(qualified.lastIndexOf('.', method - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.get("params");
        if (paramsNode != null) {
            for (Map.Entry<String, JsonNode> field : paramsNode.properties()) {
                params.put(field.getKey(), field.getValue().asText());
            }
        }
        Score allocation = null;
        JsonNode secondary = node.get("secondaryMetrics");
        if (secondary != null) {
            for (Map.Entry<String, JsonNode> metric : secondary.properties()) {
                if (metric.getKey().endsWith(ALLOCATION_METRIC)) {
                    allocation = score(metric.getValue());
                }
            }
        }
        return new Result(
                benchmark,
                params,
                node.get("threads").asInt(),
                score(node.get("primaryMetric")),
                allocation);
    }

    private static Score score(JsonNode metric) {
        return new Score(
                number(metric.get("score")),
                number(metric.get("scoreError")),
                metric.get("scoreUnit").asText());
    }

    /** Reads a number that JMH may write as the string "NaN". */
    private static double number(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return Double.NaN;
        }
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
    }

    /** Returns whether the run has any result of a benchmark class. */
    boolean hasClass(String className) {
        return results.stream().anyMatch(r -> r.benchmark().startsWith(className + "."));
    }

    /**
     * Finds the result of a method with the given parameter values; parameters not named are not
     * compared.
     */
    Optional<Result> find(String benchmark, Map<String, String> params) {
        for (Result result : results) {
            if (result.benchmark().equals(benchmark)
                    && result.params().entrySet().containsAll(params.entrySet())) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** Returns the JDK of the run, such as "17.0.15, OpenJDK 64-Bit Server VM". */
    String jdk() {
        if (first == null) {
            return System.getProperty("java.vm.version") + " (no JMH results)";
        }
        return first.get("vmVersion").asText() + ", " + first.get("vmName").asText();
    }

    /** Returns the JMH version and the iteration settings of the run. */
    String settings() {
        if (first == null) {
            return "no JMH results";
        }
        return "JMH "
                + first.get("jmhVersion").asText()
                + ", "
                + first.get("forks").asInt()
                + " fork, "
                + first.get("warmupIterations").asInt()
                + " warmup iterations of "
                + first.get("warmupTime").asText()
                + " and "
                + first.get("measurementIterations").asInt()
                + " measurement iterations of "
                + first.get("measurementTime").asText();
    }
}
