package dev.batchprogress.jmh.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRunsTest {

    @TempDir Path folder;

    @Test
    void throughputRatio_ofSlowPhase_cancelsOut() throws IOException {
        // Rounds 2 and 3 ran while the machine was half as fast, and each pair keeps its 0.9 ratio.
        writeRounds("servlet", List.of(900.0, 450.0, 450.0, 900.0, 990.0));
        writeRounds("fixed", List.of(1000.0, 500.0, 500.0, 1000.0, 1000.0));

        HttpRuns servlet = HttpRuns.read(folder, "servlet");
        HttpRuns fixed = HttpRuns.read(folder, "fixed");
        Score paired = servlet.throughputRatio(fixed);
        Score unpaired = servlet.requestsPerSecond().dividedBy(fixed.requestsPerSecond());

        assertThat(paired.value()).isCloseTo(0.9, within(1e-9));
        assertThat(paired.error()).isCloseTo((0.99 - 0.9) / 2, within(1e-9));
        assertThat(unpaired.error()).isGreaterThan(5 * paired.error());
    }

    @Test
    void latencyRatios_pairRoundsOfTheSameNumber() throws IOException {
        writeRounds("servlet", List.of(100.0, 100.0, 100.0));
        writeRounds("fixed", List.of(100.0, 100.0, 100.0));

        HttpRuns servlet = HttpRuns.read(folder, "servlet");
        HttpRuns fixed = HttpRuns.read(folder, "fixed");

        // Both targets get the same latencies, so both ratios are 1.
        assertThat(servlet.p50Ratio(fixed).value()).isEqualTo(1.0);
        assertThat(servlet.p99Ratio(fixed).value()).isEqualTo(1.0);
        assertThat(servlet.size()).isEqualTo(3);
    }

    @Test
    void ratio_ofMissingRounds_isNotANumber() throws IOException {
        writeRounds("servlet", List.of(100.0));

        Score ratio = HttpRuns.read(folder, "servlet").throughputRatio(HttpRuns.read(folder, "x"));

        assertThat(ratio.value()).isNaN();
    }

    /** Writes one wrk output file per round, as the script does, each lasting one second. */
    private void writeRounds(String target, List<Double> requestsPerSecond) throws IOException {
        for (int round = 0; round < requestsPerSecond.size(); round++) {
            double rate = requestsPerSecond.get(round);
            String json =
                    String.format(
                            Locale.ROOT,
                            "WRK_JSON {\"duration_us\":1000000,\"requests\":%d,\"bytes\":0,"
                                    + "\"errors_connect\":0,\"errors_read\":0,\"errors_write\":0,"
                                    + "\"errors_status\":0,\"errors_timeout\":0,"
                                    + "\"latency_mean_us\":10.0,\"latency_p50_us\":%d,"
                                    + "\"latency_p90_us\":0,\"latency_p99_us\":%d,"
                                    + "\"latency_p999_us\":0,\"latency_max_us\":0}",
                            (long) rate,
                            (long) (10 * rate),
                            (long) (30 * rate));
            Files.writeString(
                    folder.resolve(target + "-" + (round + 1) + ".txt"),
                    "Running 1s test\n" + json + "\n",
                    StandardCharsets.UTF_8);
        }
    }
}
