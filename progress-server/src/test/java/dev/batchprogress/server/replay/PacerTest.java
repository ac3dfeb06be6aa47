package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacerTest {

    /** A monotonic clock that only moves when the pacer sleeps. */
    private long fakeNanos = 1_000;

    private final List<Long> sleeps = new ArrayList<>();

    private Pacer pacer(double speed) {
        return new Pacer.RealTimePacer(
                speed,
                () -> fakeNanos,
                nanos -> {
                    sleeps.add(nanos);
                    fakeNanos += nanos;
                });
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void realTimePacer_dividesBySpeed() throws InterruptedException {
        Pacer pacer = pacer(60);

        pacer.awaitSimulated(0);
        pacer.awaitSimulated(Duration.ofSeconds(60).toNanos());
        pacer.awaitSimulated(Duration.ofSeconds(90).toNanos());

        assertThat(sleeps)
                .containsExactly(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(500).toNanos());
    }

    @Test
    void realTimePacer_catchesUpAfterSlowStep() throws InterruptedException {
        Pacer pacer = pacer(10);
        pacer.awaitSimulated(0);

        fakeNanos += Duration.ofSeconds(3).toNanos();
        pacer.awaitSimulated(Duration.ofSeconds(20).toNanos());
        pacer.awaitSimulated(Duration.ofSeconds(40).toNanos());

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void realTimePacer_throwsWhenInterruptedBehindSchedule() throws InterruptedException {
        Pacer pacer = pacer(10);
        pacer.awaitSimulated(0);
        fakeNanos += Duration.ofSeconds(3).toNanos();
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> pacer.awaitSimulated(Duration.ofSeconds(20).toNanos()))
                .isInstanceOf(InterruptedException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unpacedPacer_neverWaits() throws InterruptedException {
        Pacer.forSpeed(ReplaySettings.UNPACED).awaitSimulated(Duration.ofDays(1).toNanos());
    }

    @Test
    void unpacedPacer_throwsWhenInterrupted() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> Pacer.forSpeed(ReplaySettings.UNPACED).awaitSimulated(0))
                .isInstanceOf(InterruptedException.class);
    }
}
