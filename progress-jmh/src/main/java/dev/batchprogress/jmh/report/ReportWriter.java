package dev.batchprogress.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchprogress.jmh.PostgresSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code BENCHMARKS.md} from a folder of results: {@code jmh.json} (JMH's {@code -rf json}
 * output), {@code footprint.json} ({@code FacilityFootprint}), {@code http/} (wrk's output, one
 * file per round, named {@code servlet-N.txt} and {@code fixed-N.txt}), {@code
 * machine-load.properties} (what other processes took meanwhile), and the profiles: {@code
 * stack-query.txt} (JMH's stack profiler) and {@code http/samples-*.txt} (JFR's samples of the
 * server). Missing results are marked not measured.
 */
public final class ReportWriter {

    /** How many of the hottest stacks the report shows per profile. */
    private static final int STACKS = 6;

    private ReportWriter() {}

    /**
     * Writes the report.
     *
     * @param args the results folder and the Markdown file to write
     * @throws IOException if a result cannot be read or the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReportWriter RESULTS_FOLDER OUTPUT_MARKDOWN");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        JmhResults jmh = JmhResults.read(results.resolve("jmh.json"));
        Optional<String> postgres =
                jmh.hasClass("JdbcSourceBenchmark")
                        ? Optional.empty()
                        : PostgresSettings.fromEnvironment().unreachableReason();
        Report.Inputs inputs =
                new Report.Inputs(
                        footprint(results.resolve("footprint.json")),
                        HttpRuns.read(results.resolve("http"), "servlet"),
                        HttpRuns.read(results.resolve("http"), "fixed"),
                        HttpRuns.read(results.resolve("http"), "revalidation"),
                        machine(),
                        MachineLoad.read(results.resolve("machine-load.properties")),
                        postgres,
                        new Report.Profiles(
                                StackProfile.read(results.resolve("stack-query.txt"), STACKS),
                                JfrSamples.read(
                                        results.resolve("http/samples-servlet.txt"),
                                        "BatchProgressServlet.service"),
                                JfrSamples.read(
                                        results.resolve("http/samples-fixed.txt"),
                                        "FixedJsonServlet.doGet")));
        String report = new Report(jmh, inputs).render();
        Files.writeString(Path.of(args[1]), report, StandardCharsets.UTF_8);
    }

    private static Optional<Report.Footprint> footprint(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        return Optional.of(
                new Report.Footprint(
                        json.get("facilities").asLong(),
                        json.get("storeBytes").asLong(),
                        json.get("objectBytes").asLong()));
    }

    /** Returns the cores, the CPU model from /proc/cpuinfo, the OS and today's date (UTC). */
    private static String machine() throws IOException {
        String model = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            List<String> lines = Files.readAllLines(cpuinfo, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        }
        return Runtime.getRuntime().availableProcessors()
                + " cores (`nproc`), "
                + model
                + ", "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.version")
                + ", "
                + LocalDate.now(ZoneOffset.UTC);
    }
}
