package dev.batchprogress.model;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a supply shed run: how many of its facilities are in each state.
 *
 * <p>Every facility is in exactly one state, so {@code total = queued + sum(inFlow) + completed +
 * failed + ungeocoded}; the constructor rejects counts that break this. {@code failed} here counts
 * facilities that failed in a flow only; the wire field {@code total_number_of_facilities_failed}
 * adds the ungeocoded ones to it.
 *
 * @param header the run's tracking id, owner, pipeline, skip reason, version and times
 * @param total the number of facilities of the run
 * @param queued facilities that have not entered a flow
 * @param inFlow facilities running each flow, one count per flow of the pipeline, in order
 * @param completed facilities that finished the last flow
 * @param failed facilities that failed in a flow or while queued
 * @param ungeocoded facilities that could not be geocoded and never enter a flow
 */
public record SupplyShedState(
        RunHeader header,
        long total,
        long queued,
        List<Long> inFlow,
        long completed,
        long failed,
        long ungeocoded)
        implements RunState {

    /**
     * Validates the counts and copies the per-flow list.
     *
     * @param header the run's tracking id, owner, pipeline, skip reason, version and times
     * @param total the number of facilities of the run
     * @param queued facilities that have not entered a flow
     * @param inFlow facilities running each flow, one count per flow of the pipeline, in order
     * @param completed facilities that finished the last flow
     * @param failed facilities that failed in a flow or while queued
     * @param ungeocoded facilities that could not be geocoded and never enter a flow
     */
    public SupplyShedState {
        Objects.requireNonNull(header, "header");
        inFlow = List.copyOf(inFlow);
        if (inFlow.size() != header.pipeline().size()) {
            throw new IllegalArgumentException(
                    "run "
                            + header.trackingId().echo()
                            + " has "
                            + inFlow.size()
                            + " flow counts for a "
                            + header.pipeline().size()
                            + "-flow pipeline; expected one per flow");
        }
        if (!addsUp(total, queued, inFlow, completed, failed, ungeocoded)) {
            throw new IllegalArgumentException(
                    "run "
                            + header.trackingId().echo()
                            + " has inconsistent facility counts: total "
                            + total
                            + ", queued "
                            + queued
                            + ", in flows "
                            + inFlow
                            + ", completed "
                            + completed
                            + ", failed "
                            + failed
                            + ", ungeocoded "
                            + ungeocoded
                            + "; expected non-negative counts that add up to the total");
        }
    }

    private static boolean addsUp(
            long total,
            long queued,
            List<Long> inFlow,
            long completed,
            long failed,
            long ungeocoded) {
        if (total < 0 || queued < 0 || completed < 0 || failed < 0 || ungeocoded < 0) {
            return false;
        }
        try {
            long sum =
                    Math.addExact(
                            Math.addExact(queued, completed), Math.addExact(failed, ungeocoded));
            for (long count : inFlow) {
                if (count < 0) {
                    return false;
                }
                sum = Math.addExact(sum, count);
            }
            return sum == total;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    @Override
    public RunKind kind() {
        return RunKind.BATCH_SUPPLY_SHED;
    }

    /**
     * Returns the number of facilities running a flow of a phase.
     *
     * @param phase the phase
     * @return the sum of the {@code inFlow} counts of the pipeline's flows of that phase
     */
    public long inPhase(Phase phase) {
        long count = 0;
        List<Flow> flows = header.pipeline().flows();
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i).phase() == phase) {
                count += inFlow.get(i);
            }
        }
        return count;
    }

    /** Returns whether the run was skipped or no facility is queued or running a flow. */
    @Override
    public boolean finished() {
        return header.skipReason() != null
                || queued + inPhase(Phase.PREPROCESSING) + inPhase(Phase.PROCESSING) == 0;
    }
}
