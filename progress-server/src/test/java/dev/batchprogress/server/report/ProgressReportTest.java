package dev.batchprogress.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressReportTest {

    @ParameterizedTest(name = "[{index}] {0} ms -> {1}")
    @CsvSource({"0, 0", "60000, 60", "500, 0.5", "90125, 90.125", "3600000, 3600"})
    void seconds_printsWithoutTrailingZeros(long millis, String expected) {
        assertThat(ProgressReport.seconds(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
