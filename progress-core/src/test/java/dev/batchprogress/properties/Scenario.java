package dev.batchprogress.properties;

import dev.batchprogress.recording.RunRegistration;
import java.util.List;

/**
 * A generated run: its registration and the events recorded after it, in order.
 *
 * @param registration the run's registration
 * @param events the events, legal ones mixed with repeats and illegal ones
 */
record Scenario(RunRegistration registration, List<RunEvent> events) {

    Scenario {
        events = List.copyOf(events);
    }

    /** Lists the registration and then each event with its 1-based number, one per line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("run ")
                .append(registration.trackingId())
                .append(": ")
                .append(RunEvent.describe(registration))
                .append(", ")
                .append(events.size())
                .append(" events");
        for (int i = 0; i < events.size(); i++) {
            text.append(System.lineSeparator())
                    .append("  #")
                    .append(i + 1)
                    .append(' ')
                    .append(events.get(i));
        }
        return text.toString();
    }
}
