package dev.batchprogress.jmh.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Test
    void ratio_ofMissingRound_pairsByNumber() throws IOException {
        writeRounds("servlet", List.of(800.0, 400.0, 900.0));
        writeRounds("fixed", List.of(1000.0, 500.0, 1000.0));
        Files.delete(folder.resolve("fixed-2.txt"));

        HttpRuns servlet = HttpRuns.read(folder, "servlet");
        HttpRuns fixed = HttpRuns.read(folder, "fixed");

        // Pairs 1 and 3 remain, 0.8 and 0.9. Pairing by position would pair round 2 with round 3.
        assertThat(servlet.pairs(fixed)).isEqualTo(2);
        assertThat(servlet.throughputRatio(fixed).value()).isCloseTo(0.85, within(1e-9));
    }

    @Test
    void read_ofTwelveRounds_pairsByNumber() throws IOException {
        List<Double> servlet = new ArrayList<>();
        List<Double> fixed = new ArrayList<>();
        for (int round = 1; round <= 12; round++) {
            servlet.add(90.0 * round);
            fixed.add(100.0 * round);
        }
        writeRounds("servlet", servlet);
        writeRounds("fixed", fixed);

        Score ratio =
                HttpRuns.read(folder, "servlet").throughputRatio(HttpRuns.read(folder, "fixed"));

        assertThat(ratio.value()).isCloseTo(0.9, within(1e-9));
        assertThat(ratio.error()).isCloseTo(0, within(1e-9));
    }

    @Test
    void read_ignoresFilesThatAreNotRounds() throws IOException {
        writeRounds("fixed", List.of(100.0));
        Files.copy(folder.resolve("fixed-1.txt"), folder.resolve("fixed-1.txt.orig"));
        Files.copy(folder.resolve("fixed-1.txt"), folder.resolve("fixed-x.txt"));

        assertThat(HttpRuns.read(folder, "fixed").size()).isEqualTo(1);
    }

    @Test
    void read_ofARoundWithoutSummary_namesTheFile() throws IOException {
        Files.writeString(
                folder.resolve("fixed-1.txt"), "unable to connect\n", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> HttpRuns.read(folder, "fixed"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fixed-1.txt has 0 WRK_JSON lines; expected one");
    }

    @Test
    void read_ofInvalidJson_namesTheFile() throws IOException {
        Files.writeString(
                folder.resolve("fixed-1.txt"),
                "WRK_JSON {\"duration_us\":",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> HttpRuns.read(folder, "fixed"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fixed-1.txt has a WRK_JSON line that is not valid JSON");
    }

    @Test
    void read_ofAMissingField_namesTheField() throws IOException {
        Files.writeString(
                folder.resolve("fixed-1.txt"),
                "WRK_JSON {\"duration_us\":1000000,\"requests\":\"abc\"}",
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> HttpRuns.read(folder, "fixed"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has no valid 'requests'");
    }

    @Test
    void read_ofARoundWithNoRequests_isRejected() throws IOException {
        writeRounds("fixed", List.of(0.0));

        assertThatThrownBy(() -> HttpRuns.read(folder, "fixed"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fixed-1.txt records 0 requests in 1.0 s");
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
