package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    private static final ReplaySettings DEFAULTS = ReplaySettings.defaults();

    @Test
    void defaults_matchDocumentedValues() {
        assertThat(DEFAULTS.seed()).isEqualTo(42);
        assertThat(DEFAULTS.organization()).isEqualTo("demo");
        assertThat(DEFAULTS.speed()).isEqualTo(60);
        assertThat(DEFAULTS.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DEFAULTS.failureShare()).isEqualTo(0.03);
        assertThat(DEFAULTS.taskFailureShare()).isZero();
        assertThat(DEFAULTS.concurrency()).isEqualTo(64);
        assertThat(DEFAULTS.unpaced()).isFalse();
    }

    @Test
    void unpacedSpeed_isAccepted() {
        assertThat(DEFAULTS.withSpeed(ReplaySettings.UNPACED).unpaced()).isTrue();
    }

    @Test
    void zeroSpeed_isRejected() {
        assertThatThrownBy(() -> DEFAULTS.withSpeed(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speed 0.0 is invalid");
    }

    @Test
    void shareAboveOne_isRejected() {
        assertThatThrownBy(() -> DEFAULTS.withFailureShare(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failure share 1.5 is out of range");
    }

    @Test
    void nanTaskShare_isRejected() {
        assertThatThrownBy(() -> DEFAULTS.withTaskFailureShare(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task failure share NaN is out of range");
    }

    @Test
    void zeroInterval_isRejected() {
        assertThatThrownBy(() -> new ReplaySettings(1, "demo", 1, Duration.ZERO, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("report interval PT0S is out of range");
    }

    @Test
    void zeroConcurrency_isRejected() {
        assertThatThrownBy(() -> new ReplaySettings(1, "demo", 1, Duration.ofSeconds(1), 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency 0 is invalid");
    }

    @Test
    void blankOrganization_isRejected() {
        assertThatThrownBy(() -> new ReplaySettings(1, " ", 1, Duration.ofSeconds(1), 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organization is blank");
    }
}
