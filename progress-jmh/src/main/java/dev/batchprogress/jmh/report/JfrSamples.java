package dev.batchprogress.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The execution samples of one profiled HTTP round, from the text that {@code jfr print --events
 * jdk.ExecutionSample} writes: how many samples fell inside a servlet's own method, and which of
 * the project's methods ran at the top of them.
 *
 * @param total every sample of the server's threads
 * @param inServlet the samples with the servlet's method on the stack
 * @param byMethod the samples by the project method nearest the top of the stack, most first
 */
record JfrSamples(int total, int inServlet, Map<String, Integer> byMethod) {

    private static final Pattern EVENT = Pattern.compile("jdk.ExecutionSample", Pattern.LITERAL);
    private static final String PROJECT = "dev.batchprogress.";
    private static final String HARNESS = "dev.batchprogress.jmh.";

    /**
     * Reads the samples of a round; empty when the file is missing or contains no sample.
     *
     * @param file the output of {@code jfr print}
     * @param servletFrame the servlet's method as JFR names it, such as {@code
     *     BatchProgressServlet.service}
     */
    static Optional<JfrSamples> read(Path file, String servletFrame) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int total = 0;
        int inServlet = 0;
        Map<String, Integer> byMethod = new LinkedHashMap<>();
        for (String event : EVENT.splitAsStream(text).toList()) {
            List<String> frames = frames(event);
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            if (frames.stream().noneMatch(frame -> frame.contains(servletFrame))) {
                continue;
            }
            inServlet++;
            String top = "other code under the servlet (Jetty, the JDK)";
            for (String frame : frames) {
                if (frame.startsWith(PROJECT) && !frame.startsWith(HARNESS)) {
                    top = frame;
                    break;
                }
            }
            byMethod.merge(top, 1, Integer::sum);
        }
        if (total == 0) {
            return Optional.empty();
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        byMethod.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return Optional.of(new JfrSamples(total, inServlet, sorted));
    }

    /** Returns the frames of one event, top first, without their line numbers and parameters. */
    private static List<String> frames(String event) {
        List<String> frames = new ArrayList<>();
        int start = event.indexOf("stackTrace = [");
        if (start < 0) {
            return frames;
        }
        for (String line : event.substring(start).lines().toList()) {
            String frame = line.strip();
            int parameters = frame.indexOf('(');
            if (parameters > 0 && !frame.startsWith("stackTrace")) {
                frames.add(frame.substring(0, parameters));
            }
        }
        return frames;
    }

    /** Returns a share of all samples as a percentage with three significant digits. */
    String percent(int samples) {
        return Numbers.significant(100.0 * samples / total) + "%";
    }
}
