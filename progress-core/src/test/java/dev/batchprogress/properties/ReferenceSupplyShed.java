package dev.batchprogress.properties;

import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The reference model of a supply shed run: the state of every facility, one int each. A state is
 * {@link #QUEUED}, the 1-based number of the flow the facility runs, or one of the end states.
 */
final class ReferenceSupplyShed extends ReferenceRun {

    static final int QUEUED = 0;
    static final int COMPLETED = -1;
    static final int FAILED = -2;
    static final int UNGEOCODED = -3;

    /**
     * Facility counts by state, as a snapshot reports them.
     *
     * @param failed facilities that failed, ungeocoded ones not included
     */
    record Counts(
            long total,
            long queued,
            List<Long> inFlow,
            long completed,
            long failed,
            long ungeocoded) {}

    private final int[] states;

    ReferenceSupplyShed(RunRegistration registration) {
        super(registration);
        states = new int[registration.facilities()];
    }

    int facilities() {
        return states.length;
    }

    int flows() {
        return registration.pipeline().size();
    }

    int state(int facility) {
        return states[facility];
    }

    /** Returns the facilities whose state matches a test, in number order. */
    List<Integer> facilitiesWhere(IntPredicate test) {
        List<Integer> matching = new ArrayList<>();
        for (int facility = 0; facility < states.length; facility++) {
            if (test.test(states[facility])) {
                matching.add(facility);
            }
        }
        return matching;
    }

    /** Counts the facilities in each state. */
    Counts counts() {
        long[] inFlow = new long[flows()];
        long queued = 0;
        long completed = 0;
        long failed = 0;
        long ungeocoded = 0;
        for (int state : states) {
            if (state == QUEUED) {
                queued++;
            } else if (state == COMPLETED) {
                completed++;
            } else if (state == FAILED) {
                failed++;
            } else if (state == UNGEOCODED) {
                ungeocoded++;
            } else {
                inFlow[state - 1]++;
            }
        }
        List<Long> flowCounts = new ArrayList<>(inFlow.length);
        for (long count : inFlow) {
            flowCounts.add(count);
        }
        return new Counts(states.length, queued, flowCounts, completed, failed, ungeocoded);
    }

    @Override
    boolean ended() {
        return facilitiesWhere(state -> state >= QUEUED).isEmpty();
    }

    @Override
    SupplyShedProgress expectedProgress() {
        Counts counts = counts();
        if (skipReason != null) {
            return new SupplyShedProgress(
                    true,
                    counts.total(),
                    counts.ungeocoded(),
                    counts.ungeocoded(),
                    0,
                    0,
                    0,
                    0,
                    skipReason);
        }
        Pipeline pipeline = registration.pipeline();
        long preprocessing = 0;
        long processing = 0;
        for (int flow = 1; flow <= flows(); flow++) {
            long running = counts.inFlow().get(flow - 1);
            if (pipeline.flows().get(flow - 1).phase() == Phase.PREPROCESSING) {
                preprocessing += running;
            } else {
                processing += running;
            }
        }
        return new SupplyShedProgress(
                counts.queued() + preprocessing + processing == 0,
                counts.total(),
                counts.ungeocoded(),
                counts.failed() + counts.ungeocoded(),
                counts.completed(),
                counts.queued(),
                preprocessing,
                processing,
                null);
    }

    @Override
    @Nullable Recorded judgeEvent(
            RunEvent event, Set<Class<? extends RecordingException>> rejections) {
        int facility;
        int target;
        if (event instanceof RunEvent.MoveFacility move) {
            facility = move.facility();
            target = move.flow();
            if (target < 1 || target > flows()) {
                rejections.add(InvalidEventException.class);
            }
        } else if (event instanceof RunEvent.MoveFacilityByName move) {
            facility = move.facility();
            target = registration.pipeline().numberOf(move.flowName()).orElse(-1);
            if (target < 1) {
                rejections.add(InvalidEventException.class);
            }
        } else if (event instanceof RunEvent.CompleteFacility complete) {
            facility = complete.facility();
            target = COMPLETED;
        } else if (event instanceof RunEvent.FailFacility fail) {
            facility = fail.facility();
            target = FAILED;
        } else if (event instanceof RunEvent.MarkUngeocoded ungeocoded) {
            facility = ungeocoded.facility();
            target = UNGEOCODED;
        } else {
            // A stage or task event names a batch process run.
            rejections.add(InvalidEventException.class);
            return null;
        }
        if (facility < 0 || facility >= states.length) {
            rejections.add(InvalidEventException.class);
        }
        if (!rejections.isEmpty()) {
            return null;
        }
        if (skipReason != null) {
            rejections.add(IllegalTransitionException.class);
            return null;
        }
        int from = states[facility];
        if (from == target) {
            return Recorded.ALREADY_APPLIED;
        }
        if (allowed(from, target)) {
            return Recorded.APPLIED;
        }
        rejections.add(IllegalTransitionException.class);
        return null;
    }

    /**
     * Returns whether a facility may move: queued to any flow, a flow to a later flow, the last
     * flow to completed, queued or a flow to failed, queued to ungeocoded.
     */
    private boolean allowed(int from, int target) {
        if (target >= 1) {
            return from >= QUEUED && from < target;
        }
        if (target == COMPLETED) {
            return from == flows();
        }
        if (target == FAILED) {
            return from >= QUEUED;
        }
        return from == QUEUED;
    }

    @Override
    void applyEvent(RunEvent event) {
        if (event instanceof RunEvent.MoveFacility move) {
            states[move.facility()] = move.flow();
        } else if (event instanceof RunEvent.MoveFacilityByName move) {
            states[move.facility()] =
                    registration.pipeline().numberOf(move.flowName()).orElseThrow();
        } else if (event instanceof RunEvent.CompleteFacility complete) {
            states[complete.facility()] = COMPLETED;
        } else if (event instanceof RunEvent.FailFacility fail) {
            states[fail.facility()] = FAILED;
        } else if (event instanceof RunEvent.MarkUngeocoded ungeocoded) {
            states[ungeocoded.facility()] = UNGEOCODED;
        } else {
            throw new IllegalArgumentException("not a facility event: " + event);
        }
    }
}
