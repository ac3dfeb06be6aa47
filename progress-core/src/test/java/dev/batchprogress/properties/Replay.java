package dev.batchprogress.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Replays generated events through an {@link InMemoryRunStore} whose clock ticks on each read. */
final class Replay {

    /**
     * What the store did with one event.
     *
     * @param recorded the reported result, or null when the event was rejected
     * @param rejection the exception thrown, or null when the event was recorded
     */
    record Outcome(@Nullable Recorded recorded, @Nullable RecordingException rejection) {
        @Override
        public String toString() {
            return recorded != null ? recorded.name() : "rejected: " + rejection;
        }
    }

    private final InMemoryRunStore store = InMemoryRunStore.withClock(new TickingClock());

    /** Returns the store the events are sent to. */
    InMemoryRunStore store() {
        return store;
    }

    /** Registers the runs of scenarios, each expected to be new. */
    static Replay registering(List<Scenario> scenarios) {
        Replay replay = new Replay();
        for (Scenario scenario : scenarios) {
            assertThat(replay.store.register(scenario.registration()))
                    .as("registration of %s", scenario.registration().trackingId())
                    .isEqualTo(Recorded.APPLIED);
        }
        return replay;
    }

    /** Registers the run of a scenario, expected to be new. */
    static Replay registering(Scenario scenario) {
        return registering(List.of(scenario));
    }

    /** Sends an event and returns what the store reported or threw. */
    Outcome send(RunEvent event) {
        try {
            return new Outcome(event.sendTo(store), null);
        } catch (RecordingException rejection) {
            return new Outcome(null, rejection);
        }
    }

    /** Returns the current snapshot of a registered run. */
    RunState snapshot(TrackingId run) {
        RunState state = store.load(VisibilityScope.all(), List.of(run)).get(run);
        return Objects.requireNonNull(state, () -> "run " + run + " is not in the store");
    }
}
