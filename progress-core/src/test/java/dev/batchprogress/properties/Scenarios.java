package dev.batchprogress.properties;

import dev.batchprogress.model.Flow;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of realistic runs: a built-in or random pipeline of 1 to 10 stages or
 * flows (with a random flow-to-phase mapping), 0 to 300 facilities, up to 50 tasks per stage, and a
 * sequence of events chosen by {@link SupplyShedEvents} or {@link BatchProcessEvents}.
 */
final class Scenarios {

    static final String ORGANIZATION = "org-a";
    static final int MAX_FLOWS = 10;
    static final int MAX_FACILITIES = 300;
    static final int MAX_EVENTS = 400;

    /**
     * The maximum number of events after a run ended or was skipped. Each of them is rejected or a
     * repeat, so more of them would only make the sequence longer.
     */
    static final int MAX_EVENTS_AFTER_END = 12;

    private Scenarios() {}

    /** Generates supply shed runs. */
    static Gen<Scenario> supplySheds() {
        return supplySheds(0);
    }

    /**
     * Generates supply shed runs, adding a skip with a usual reason at the end of {@code
     * skipPercent} percent of them; the skip is rejected when the run already ended.
     */
    static Gen<Scenario> supplySheds(int skipPercent) {
        return source -> supplyShed(new Draws(source), 0, MAX_EVENTS, skipPercent);
    }

    /** Generates batch process runs. */
    static Gen<Scenario> batchProcesses() {
        return batchProcesses(0);
    }

    /**
     * Generates batch process runs, adding a skip with a usual reason at the end of {@code
     * skipPercent} percent of them; the skip is rejected when the run already ended.
     */
    static Gen<Scenario> batchProcesses(int skipPercent) {
        return source -> batchProcess(new Draws(source), MAX_EVENTS, skipPercent);
    }

    /** Generates runs of either kind. */
    static Gen<Scenario> runs() {
        return source -> {
            Draws draws = new Draws(source);
            return draws.chance(50)
                    ? supplyShed(draws, 0, MAX_EVENTS, 0)
                    : batchProcess(draws, MAX_EVENTS, 0);
        };
    }

    /**
     * Generates 1 to 4 supply shed runs with distinct ids, half of them skipped at the end, and a
     * list of 1 to 12 tracking ids naming some of them, with repeats and letter-case variants.
     */
    static Gen<RunGroup> supplyShedGroups() {
        return source -> {
            Draws draws = new Draws(source);
            int count = draws.between(1, 4);
            List<Scenario> runs = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                runs.add(supplyShed(draws, index, 150, 50));
            }
            int idCount = draws.between(1, 12);
            List<String> trackingIds = new ArrayList<>(idCount);
            for (int i = 0; i < idCount; i++) {
                String id = draws.pick(runs).registration().trackingId().value();
                trackingIds.add(
                        draws.chance(50) ? id : TrackingIds.withLetterCase(id, draws.anyLong()));
            }
            return new RunGroup(runs, trackingIds);
        };
    }

    /**
     * Builds a supply shed run.
     *
     * @param index the run's index among the runs of one test, which keeps their ids distinct
     * @param maxEvents the maximum number of events to choose
     * @param skipPercent the probability, in percent, of a skip with a usual reason at the end
     */
    static Scenario supplyShed(Draws draws, int index, int maxEvents, int skipPercent) {
        Pipeline pipeline = supplyShedPipeline(draws);
        int facilities = facilityCount(draws);
        TrackingId id = TrackingId.of(TrackingIds.canonical(draws, index));
        RunRegistration registration =
                withFile(draws, RunRegistration.supplyShed(id, ORGANIZATION, pipeline, facilities));
        EventChooser chooser = new SupplyShedEvents(draws, new ReferenceSupplyShed(registration));
        return build(draws, registration, chooser, maxEvents, skipPercent);
    }

    /**
     * Builds a batch process run of index 0.
     *
     * @param maxEvents the maximum number of events to choose
     * @param skipPercent the probability, in percent, of a skip with a usual reason at the end
     */
    static Scenario batchProcess(Draws draws, int maxEvents, int skipPercent) {
        return batchProcess(draws, 0, maxEvents, skipPercent);
    }

    /**
     * Builds a batch process run.
     *
     * @param index the run's index among the runs of one test, which keeps their ids distinct
     * @param maxEvents the maximum number of events to choose
     * @param skipPercent the probability, in percent, of a skip with a usual reason at the end
     */
    static Scenario batchProcess(Draws draws, int index, int maxEvents, int skipPercent) {
        Pipeline pipeline = batchProcessPipeline(draws);
        TrackingId id = TrackingId.of(TrackingIds.canonical(draws, index));
        RunRegistration registration =
                withFile(draws, RunRegistration.batchProcess(id, ORGANIZATION, pipeline));
        EventChooser chooser =
                new BatchProcessEvents(draws, new ReferenceBatchProcess(registration));
        return build(draws, registration, chooser, maxEvents, skipPercent);
    }

    private static Scenario build(
            Draws draws,
            RunRegistration registration,
            EventChooser chooser,
            int maxEvents,
            int skipPercent) {
        int count = draws.between(0, maxEvents);
        int afterEnd = draws.between(0, MAX_EVENTS_AFTER_END);
        for (int i = 0; i < count && afterEnd >= 0; i++) {
            chooser.next();
            if (chooser.model.ended() || chooser.model.skipReason() != null) {
                afterEnd--;
            }
        }
        if (skipPercent > 0 && draws.chance(skipPercent)) {
            chooser.add(chooser.skipWithReason());
        }
        return new Scenario(registration, chooser.events());
    }

    private static RunRegistration withFile(Draws draws, RunRegistration registration) {
        if (draws.chance(80)) {
            return registration;
        }
        return registration.withFilename(TrackingId.of(TrackingIds.canonical(draws, 255)));
    }

    /** Draws a facility count: a few, dozens or hundreds, up to {@value #MAX_FACILITIES}. */
    private static int facilityCount(Draws draws) {
        int bucket = draws.between(1, 10);
        if (bucket <= 3) {
            return draws.between(0, 5);
        }
        if (bucket <= 7) {
            return draws.between(6, 40);
        }
        return draws.between(41, MAX_FACILITIES);
    }

    /** Draws the built-in supply shed pipeline or flows with a random flow-to-phase mapping. */
    static Pipeline supplyShedPipeline(Draws draws) {
        if (draws.chance(25)) {
            return Pipeline.SUPPLY_SHED;
        }
        int size = draws.between(1, MAX_FLOWS);
        List<Flow> flows = new ArrayList<>(size);
        for (int flow = 1; flow <= size; flow++) {
            Phase phase = draws.chance(50) ? Phase.PREPROCESSING : Phase.PROCESSING;
            flows.add(new Flow("flow_" + flow, phase));
        }
        return new Pipeline("custom_supply_shed", flows);
    }

    /** Draws the built-in batch process pipeline or 1 to 10 stages. */
    static Pipeline batchProcessPipeline(Draws draws) {
        if (draws.chance(25)) {
            return Pipeline.BATCH_PROCESS;
        }
        int size = draws.between(1, MAX_FLOWS);
        String[] names = new String[size];
        for (int stage = 1; stage <= size; stage++) {
            names[stage - 1] = "stage_" + stage;
        }
        return Pipeline.stages("custom_batch_process", names);
    }
}
