package dev.batchprogress.properties;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the events of a generated run one at a time, steered by a reference model of the run so
 * far. About three in four are legal next steps. The rest repeat an earlier event or break a rule:
 * an illegal transition, an unknown facility, stage or flow, an unknown run, an event of the other
 * run kind, a blank skip reason, or a conflicting registration.
 */
abstract class EventChooser {

    static final List<String> SKIP_REASONS =
            List.of("low - not processed", "duplicate submission", "cancelled by operator");

    /** How often, per thousand legal steps, a run that may still be skipped is skipped. */
    static final int SKIP_PER_MILLE = 2;

    private static final List<String> BLANK_REASONS = List.of("", " ", "\t");

    final Draws draws;
    final ReferenceRun model;
    private final String registeredId;
    private final List<RunEvent> events = new ArrayList<>();

    EventChooser(Draws draws, ReferenceRun model) {
        this.draws = draws;
        this.model = model;
        this.registeredId = model.registration.trackingId().value();
    }

    /** Chooses the next event, and applies it to the model when the model finds it legal. */
    final RunEvent next() {
        RunEvent event = choose();
        add(event);
        return event;
    }

    /** Adds an event chosen by the caller. */
    final void add(RunEvent event) {
        events.add(event);
        if (model.judge(event).isApplied()) {
            model.apply(event);
        }
    }

    /** Returns the events chosen so far. */
    final List<RunEvent> events() {
        return events;
    }

    /** Returns a skip with one of the usual reasons, legal unless the run ended or was skipped. */
    final RunEvent skipWithReason() {
        return new RunEvent.Skip(run(), draws.pick(SKIP_REASONS));
    }

    /**
     * Returns the address of this run: mostly the id as registered, sometimes the id in another
     * letter case, which names the same run.
     */
    final RunEvent.Address run() {
        if (draws.chance(90)) {
            return new RunEvent.Address(TrackingId.of(registeredId), "run");
        }
        String variant = TrackingIds.withLetterCase(registeredId, draws.anyLong());
        return new RunEvent.Address(TrackingId.of(variant), "run as " + variant);
    }

    /** Chooses a legal next step, or returns null when the run offers none. */
    abstract @Nullable RunEvent legal();

    /** Chooses an event that breaks a rule of this run's kind, or returns null when none fits. */
    abstract @Nullable RunEvent illegal();

    /** Returns an event that applies to the other run kind. */
    abstract RunEvent ofOtherKind(RunEvent.Address address);

    /** Returns an event of this run's kind that would be legal on a fresh run. */
    abstract RunEvent firstStep(RunEvent.Address address);

    private RunEvent choose() {
        int roll = draws.between(1, 100);
        if (roll <= 10 && !events.isEmpty()) {
            return draws.chance(60) ? events.get(events.size() - 1) : draws.pick(events);
        }
        if (roll <= 25) {
            return breakingRule();
        }
        RunEvent legal = legal();
        return legal != null ? legal : breakingRule();
    }

    private RunEvent breakingRule() {
        int roll = draws.between(1, 100);
        if (roll <= 8) {
            TrackingId unknown = draws.pick(TrackingIds.nearMisses(registeredId));
            return firstStep(new RunEvent.Address(unknown, "unknown run '" + unknown + "'"));
        }
        if (roll <= 14) {
            return ofOtherKind(run());
        }
        if (roll <= 18) {
            return new RunEvent.Skip(run(), draws.pick(BLANK_REASONS));
        }
        if (roll <= 24) {
            return registerAgain();
        }
        if (roll <= 28 && (model.ended() || model.skipReason() != null)) {
            // Skipping an ended run, or a skipped one with another reason, is rejected.
            return skipWithReason();
        }
        RunEvent illegal = illegal();
        if (illegal != null) {
            return illegal;
        }
        return ofOtherKind(run());
    }

    /** Registers this run again: the same details, or one detail changed. */
    private RunEvent registerAgain() {
        RunRegistration registered = model.registration;
        String variant = TrackingIds.withLetterCase(registeredId, draws.anyLong());
        TrackingId id = TrackingId.of(variant);
        RunRegistration again;
        switch (draws.between(1, 5)) {
            case 1 -> again = withId(registered, id);
            case 2 -> again = withOrganization(withId(registered, id), "org-b");
            case 3 -> again = withPipeline(withId(registered, id), Pipeline.stages("other", "x"));
            case 4 ->
                    again =
                            registered.kind() == RunKind.BATCH_PROCESS
                                    ? RunRegistration.supplyShed(
                                            id, registered.organization(), registered.pipeline(), 0)
                                    : RunRegistration.batchProcess(
                                            id, registered.organization(), registered.pipeline());
            default ->
                    again =
                            registered.kind() == RunKind.BATCH_PROCESS
                                    ? withId(registered, id)
                                            .withFilename(
                                                    TrackingId.of(
                                                            TrackingIds.canonical(draws, 254)))
                                    : withFacilities(registered, id, registered.facilities() + 1);
        }
        return new RunEvent.Register(new RunEvent.Address(id, "run as " + variant), again);
    }

    private static RunRegistration withId(RunRegistration registration, TrackingId id) {
        return new RunRegistration(
                id,
                registration.kind(),
                registration.organization(),
                registration.filename(),
                registration.pipeline(),
                registration.facilities());
    }

    private static RunRegistration withOrganization(
            RunRegistration registration, String organization) {
        return new RunRegistration(
                registration.trackingId(),
                registration.kind(),
                organization,
                registration.filename(),
                registration.pipeline(),
                registration.facilities());
    }

    private static RunRegistration withPipeline(RunRegistration registration, Pipeline pipeline) {
        return new RunRegistration(
                registration.trackingId(),
                registration.kind(),
                registration.organization(),
                registration.filename(),
                pipeline,
                registration.facilities());
    }

    private static RunRegistration withFacilities(
            RunRegistration registration, TrackingId id, int facilities) {
        return new RunRegistration(
                id,
                registration.kind(),
                registration.organization(),
                registration.filename(),
                registration.pipeline(),
                facilities);
    }
}
