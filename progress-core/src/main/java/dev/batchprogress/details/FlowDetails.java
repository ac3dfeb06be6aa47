package dev.batchprogress.details;

import dev.batchprogress.model.Phase;
import java.util.Objects;

/**
 * How many facilities of a supply shed run are running one flow.
 *
 * @param number the flow's 1-based number
 * @param name the flow's name in the pipeline, such as {@code detect_plots}
 * @param phase the phase the flow belongs to
 * @param facilities the number of facilities running the flow, at least 0
 */
public record FlowDetails(int number, String name, Phase phase, long facilities) {

    /**
     * Validates the components.
     *
     * @param number the flow's 1-based number
     * @param name the flow's name in the pipeline, such as {@code detect_plots}
     * @param phase the phase the flow belongs to
     * @param facilities the number of facilities running the flow, at least 0
     */
    public FlowDetails {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        if (number < 1) {
            throw new IllegalArgumentException(
                    "flow number " + number + " is invalid; expected at least 1");
        }
        if (facilities < 0) {
            throw new IllegalArgumentException(
                    "flow " + number + " has " + facilities + " facilities; expected at least 0");
        }
    }
}
