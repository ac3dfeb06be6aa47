package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private final EventQueue events = new EventQueue();
    private final List<String> ran = new ArrayList<>();

    @Test
    void events_runInTimeOrderThenScheduleOrder() {
        events.schedule(Duration.ofSeconds(2), () -> ran.add("late"));
        events.schedule(Duration.ofSeconds(1), () -> ran.add("first"));
        events.schedule(Duration.ofSeconds(1), () -> ran.add("second"));

        events.runUntil(Duration.ofSeconds(2).toNanos());

        assertThat(ran).containsExactly("first", "second", "late");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void runUntil_runsSameTimeFollowUps() {
        events.schedule(
                Duration.ofSeconds(1),
                () -> {
                    ran.add("outer");
                    events.schedule(Duration.ZERO, () -> ran.add("inner"));
                });

        events.runUntil(Duration.ofSeconds(1).toNanos());

        assertThat(ran).containsExactly("outer", "inner");
    }

    @Test
    void runUntil_leavesLaterEventsQueued() {
        events.schedule(Duration.ofSeconds(5), () -> ran.add("later"));

        events.runUntil(Duration.ofSeconds(1).toNanos());

        assertThat(ran).isEmpty();
        assertThat(events.nextTime()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(events.now()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void schedule_isRelativeToCurrentEvent() {
        events.schedule(
                Duration.ofSeconds(3),
                () -> events.schedule(Duration.ofSeconds(4), () -> ran.add("at 7 s")));
        events.runUntil(Duration.ofSeconds(3).toNanos());

        assertThat(events.nextTime()).isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void negativeDelay_isRejected() {
        assertThatThrownBy(() -> events.schedule(Duration.ofSeconds(-1), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void nextTime_ofEmptyQueue_isRejected() {
        assertThatThrownBy(events::nextTime).isInstanceOf(IllegalStateException.class);
    }
}
