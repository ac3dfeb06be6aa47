package dev.batchprogress.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An ordered list of named flows: the stages of a batch process, or the flows each facility of a
 * supply shed walks through. Pipelines are data, so a user defines another one (other names,
 * another number of stages, another flow-to-phase mapping) without changing the library.
 *
 * <p>Flows are numbered from 1, as the {@code stage} field of the wire contract numbers them.
 *
 * @param name a name for the pipeline, not blank
 * @param flows the flows in order, at least one, with distinct names
 */
public record Pipeline(String name, List<Flow> flows) {

    /** The four stages of a {@code /batch_process} run. */
    public static final Pipeline BATCH_PROCESS =
            stages(
                    "batch_process",
                    "start_batch_process",
                    "start_zonal_stats",
                    "ingest_images_orchestration",
                    "orchestrate_ingestion");

    /**
     * The seven flows of each facility of a {@code /batch_supply_shed} run: four of preprocessing,
     * then three of processing.
     */
    public static final Pipeline SUPPLY_SHED =
            new Pipeline(
                    "batch_supply_shed",
                    List.of(
                            new Flow("start_batch_supply_shed", Phase.PREPROCESSING),
                            new Flow("detect_plots", Phase.PREPROCESSING),
                            new Flow("export_vectors_orchestration", Phase.PREPROCESSING),
                            new Flow("complete_detect_plots", Phase.PREPROCESSING),
                            new Flow("start_zonal_stats", Phase.PROCESSING),
                            new Flow("ingest_images_orchestration", Phase.PROCESSING),
                            new Flow("orchestrate_ingestion", Phase.PROCESSING)));

    /**
     * Validates the components and copies the flow list.
     *
     * @param name a name for the pipeline, not blank
     * @param flows the flows in order, at least one, with distinct names
     */
    public Pipeline {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flows, "flows");
        StorableText.requireStorable(name, "pipeline name '" + TrackingId.echo(name) + "'");
        if (name.isBlank()) {
            throw new IllegalArgumentException("pipeline name is blank; expected a name");
        }
        flows = List.copyOf(flows);
        if (flows.isEmpty()) {
            throw new IllegalArgumentException(
                    "pipeline '" + name + "' has no flows; expected at least one");
        }
        long distinct = flows.stream().map(Flow::name).distinct().count();
        if (distinct != flows.size()) {
            throw new IllegalArgumentException(
                    "pipeline '" + name + "' names a flow twice; expected distinct flow names");
        }
    }

    /**
     * Returns a batch process pipeline with the given stage names. Stages carry the phase {@link
     * Phase#PROCESSING}, which batch process progress does not read.
     *
     * @param name the pipeline's name
     * @param stageNames the stage names in order, at least one, distinct
     * @return the pipeline
     */
    public static Pipeline stages(String name, String... stageNames) {
        return new Pipeline(
                name,
                Arrays.stream(stageNames).map(stage -> new Flow(stage, Phase.PROCESSING)).toList());
    }

    /** {@return the number of flows, which is {@code n_stages} for a batch process} */
    public int size() {
        return flows.size();
    }

    /**
     * Returns a flow by its number.
     *
     * @param number the flow's 1-based number
     * @return the flow
     * @throws IllegalArgumentException if the number is not in [1, {@link #size()}]
     */
    public Flow flow(int number) {
        checkNumber(number);
        return flows.get(number - 1);
    }

    /**
     * Returns the 1-based number of the flow with a name.
     *
     * @param flowName a flow name
     * @return the flow's number, or empty when no flow of this pipeline has that name
     */
    public OptionalInt numberOf(String flowName) {
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i).name().equals(flowName)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Checks that a 1-based flow number belongs to this pipeline.
     *
     * @param number the number to check
     * @throws IllegalArgumentException if the number is not in [1, {@link #size()}]
     */
    public void checkNumber(int number) {
        if (number < 1 || number > flows.size()) {
            throw new IllegalArgumentException(
                    "flow "
                            + number
                            + " is out of range for the "
                            + flows.size()
                            + "-flow pipeline '"
                            + name
                            + "'; expected 1 to "
                            + flows.size());
        }
    }
}
