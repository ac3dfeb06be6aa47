package dev.batchprogress.properties;

import static dev.batchprogress.properties.ReferenceSupplyShed.COMPLETED;
import static dev.batchprogress.properties.ReferenceSupplyShed.QUEUED;
import static dev.batchprogress.properties.ReferenceSupplyShed.UNGEOCODED;

import dev.batchprogress.recording.TaskOutcome;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/** Chooses the events of a generated supply shed run. */
final class SupplyShedEvents extends EventChooser {

    private static final int LEGAL_KINDS = 5;

    private final ReferenceSupplyShed supplyShed;

    SupplyShedEvents(Draws draws, ReferenceSupplyShed supplyShed) {
        super(draws, supplyShed);
        this.supplyShed = supplyShed;
    }

    /**
     * Chooses a legal step: a queued facility enters a flow, a facility advances to a later flow,
     * completes from the last flow, fails, or is marked ungeocoded, or the run is skipped.
     * Facilities already in a flow advance more often than new ones enter, so that runs also
     * finish.
     */
    @Override
    @Nullable RunEvent legal() {
        if (draws.between(1, 1000) <= SKIP_PER_MILLE) {
            return model.ended() || model.skipReason() != null ? null : skipWithReason();
        }
        int roll = draws.between(1, 100);
        int preferred;
        if (roll <= 20) {
            preferred = 0;
        } else if (roll <= 58) {
            preferred = 1;
        } else if (roll <= 80) {
            preferred = 2;
        } else if (roll <= 89) {
            preferred = 3;
        } else {
            preferred = 4;
        }
        for (int i = 0; i < LEGAL_KINDS; i++) {
            RunEvent event = legalOfKind((preferred + i) % LEGAL_KINDS);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    private @Nullable RunEvent legalOfKind(int kind) {
        int flows = supplyShed.flows();
        switch (kind) {
            case 0 -> {
                Integer facility = pickWhere(state -> state == QUEUED);
                if (facility == null) {
                    return null;
                }
                return move(facility, draws.chance(85) ? 1 : draws.between(1, flows));
            }
            case 1 -> {
                Integer facility = pickWhere(state -> state >= 1 && state < flows);
                if (facility == null) {
                    return null;
                }
                int from = supplyShed.state(facility);
                return move(facility, draws.chance(80) ? from + 1 : draws.between(from + 1, flows));
            }
            case 2 -> {
                Integer facility = pickWhere(state -> state == flows);
                return facility == null ? null : new RunEvent.CompleteFacility(run(), facility);
            }
            case 3 -> {
                Integer facility = pickWhere(state -> state >= QUEUED);
                return facility == null ? null : new RunEvent.FailFacility(run(), facility);
            }
            default -> {
                Integer facility = pickWhere(state -> state == QUEUED);
                return facility == null ? null : new RunEvent.MarkUngeocoded(run(), facility);
            }
        }
    }

    /**
     * Chooses an event that breaks a facility rule. It moves a facility back or out of an end
     * state, completes one from another flow than the last, marks one that is not queued
     * ungeocoded, or fails an ended one. Otherwise it names an unknown facility number, flow number
     * or flow name.
     */
    @Override
    @Nullable RunEvent illegal() {
        int flows = supplyShed.flows();
        switch (draws.between(0, 7)) {
            case 0 -> {
                Integer facility = pickWhere(state -> state >= 2);
                if (facility != null) {
                    return move(facility, draws.between(1, supplyShed.state(facility) - 1));
                }
            }
            case 1 -> {
                Integer facility = pickWhere(state -> state < QUEUED);
                if (facility != null) {
                    return move(facility, draws.between(1, flows));
                }
            }
            case 2 -> {
                Integer facility = pickWhere(state -> state >= QUEUED && state != flows);
                if (facility != null) {
                    return new RunEvent.CompleteFacility(run(), facility);
                }
            }
            case 3 -> {
                Integer facility = pickWhere(state -> state != QUEUED);
                if (facility != null) {
                    return new RunEvent.MarkUngeocoded(run(), facility);
                }
            }
            case 4 -> {
                Integer facility = pickWhere(state -> state == COMPLETED || state == UNGEOCODED);
                if (facility != null) {
                    return new RunEvent.FailFacility(run(), facility);
                }
            }
            case 5 -> {
                int flow = draws.pick(List.of(0, -1, flows + 1));
                return new RunEvent.MoveFacility(run(), anyFacility(), flow);
            }
            case 6 -> {
                String name =
                        supplyShed.registration.pipeline().flow(draws.between(1, flows)).name();
                String unknown =
                        draws.pick(
                                List.of(
                                        "unknown_flow",
                                        "",
                                        name.toUpperCase(Locale.ROOT),
                                        name.replace('_', '-') + "-"));
                return new RunEvent.MoveFacilityByName(run(), anyFacility(), unknown);
            }
            default -> {
                // An unknown facility number is always available, so it also replaces the cases
                // above when no facility is in the state they need.
            }
        }
        return withUnknownFacility();
    }

    @Override
    RunEvent ofOtherKind(RunEvent.Address address) {
        return switch (draws.between(0, 4)) {
            case 0 -> new RunEvent.StartStage(address, 1);
            case 1 -> new RunEvent.SucceedStage(address, 1);
            case 2 -> new RunEvent.FailStage(address, 1);
            case 3 -> new RunEvent.AddTasks(address, 1, 0, 1);
            default -> new RunEvent.RecordTaskOutcome(address, 1, 0, TaskOutcome.SUCCEEDED);
        };
    }

    @Override
    RunEvent firstStep(RunEvent.Address address) {
        return new RunEvent.MoveFacility(address, 0, 1);
    }

    private RunEvent withUnknownFacility() {
        int facilities = supplyShed.facilities();
        int facility =
                draws.pick(
                        List.of(
                                -1,
                                facilities,
                                facilities + draws.between(1, 1000),
                                Integer.MAX_VALUE,
                                Integer.MIN_VALUE));
        return switch (draws.between(0, 4)) {
            case 0 -> new RunEvent.MoveFacility(run(), facility, 1);
            case 1 -> new RunEvent.MoveFacilityByName(run(), facility, firstFlowName());
            case 2 -> new RunEvent.CompleteFacility(run(), facility);
            case 3 -> new RunEvent.FailFacility(run(), facility);
            default -> new RunEvent.MarkUngeocoded(run(), facility);
        };
    }

    private RunEvent move(int facility, int flow) {
        if (draws.chance(25)) {
            String name = supplyShed.registration.pipeline().flow(flow).name();
            return new RunEvent.MoveFacilityByName(run(), facility, name);
        }
        return new RunEvent.MoveFacility(run(), facility, flow);
    }

    private String firstFlowName() {
        return supplyShed.registration.pipeline().flow(1).name();
    }

    private int anyFacility() {
        int facilities = supplyShed.facilities();
        return facilities == 0 ? 0 : draws.between(0, facilities - 1);
    }

    private @Nullable Integer pickWhere(IntPredicate test) {
        List<Integer> candidates = supplyShed.facilitiesWhere(test);
        return candidates.isEmpty() ? null : draws.pick(candidates);
    }
}
