package dev.batchprogress.model;

import java.util.Objects;

/**
 * One named step of a pipeline: a stage of a batch process, or a flow that each facility of a
 * supply shed walks through.
 *
 * @param name the flow's name, not blank
 * @param phase the phase whose count a facility in this flow adds to
 */
public record Flow(String name, Phase phase) {

    /**
     * Validates the components.
     *
     * @param name the flow's name, not blank
     * @param phase the phase whose count a facility in this flow adds to
     */
    public Flow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        StorableText.requireStorable(name, "flow name '" + TrackingId.echo(name) + "'");
        if (name.isBlank()) {
            throw new IllegalArgumentException(
                    "flow name is blank; expected a name such as 'detect_plots'");
        }
    }
}
