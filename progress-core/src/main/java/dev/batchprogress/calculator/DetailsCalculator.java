package dev.batchprogress.calculator;

import dev.batchprogress.details.BatchProcessDetails;
import dev.batchprogress.details.Eta;
import dev.batchprogress.details.FacilityCounts;
import dev.batchprogress.details.FlowDetails;
import dev.batchprogress.details.RunDetails;
import dev.batchprogress.details.StageDetails;
import dev.batchprogress.details.SupplyShedDetails;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Flow;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.SupplyShedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Computes the breakdown of a run from its snapshot. Pure functions: no I/O, no clock. */
public final class DetailsCalculator {

    private DetailsCalculator() {}

    /**
     * Computes the breakdown of one run, in the shape of its kind.
     *
     * @param state a snapshot of the run
     * @param now the time of the breakdown, which ends the elapsed time of a run in progress
     * @param eta the estimate of the time left
     * @return a {@link BatchProcessDetails} or a {@link SupplyShedDetails}
     */
    public static RunDetails details(RunState state, Instant now, Eta eta) {
        Duration elapsed = elapsed(state, now);
        String pipeline = state.pipeline().name();
        if (state instanceof BatchProcessState batchProcess) {
            return new BatchProcessDetails(
                    state.trackingId(),
                    pipeline,
                    state.registeredAt(),
                    state.changedAt(),
                    elapsed,
                    ProgressCalculator.batchProcess(batchProcess),
                    stages(batchProcess),
                    eta);
        }
        SupplyShedState supplyShed = (SupplyShedState) state;
        return new SupplyShedDetails(
                state.trackingId(),
                pipeline,
                state.registeredAt(),
                state.changedAt(),
                elapsed,
                ProgressCalculator.supplyShed(supplyShed),
                new FacilityCounts(
                        supplyShed.total(),
                        supplyShed.queued(),
                        supplyShed.completed(),
                        supplyShed.failed() + supplyShed.ungeocoded(),
                        supplyShed.ungeocoded()),
                flows(supplyShed),
                eta);
    }

    /**
     * Returns a run's elapsed time: from its registration to {@code now}, or to its last change
     * once it finished. A time before the registration, which a clock of another process can give,
     * counts as zero.
     *
     * @param state a snapshot of the run
     * @param now the current time
     * @return the elapsed time, not negative
     */
    public static Duration elapsed(RunState state, Instant now) {
        Instant end = state.finished() ? state.changedAt() : now;
        Duration elapsed = Duration.between(state.registeredAt(), end);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static List<StageDetails> stages(BatchProcessState state) {
        List<StageDetails> stages = new ArrayList<>(state.stages().size());
        for (int i = 0; i < state.stages().size(); i++) {
            StageState stage = state.stages().get(i);
            stages.add(
                    new StageDetails(
                            i + 1,
                            state.pipeline().flows().get(i).name(),
                            stage.status(),
                            stage.total(),
                            stage.succeeded(),
                            stage.failed()));
        }
        return stages;
    }

    private static List<FlowDetails> flows(SupplyShedState state) {
        List<FlowDetails> flows = new ArrayList<>(state.inFlow().size());
        for (int i = 0; i < state.inFlow().size(); i++) {
            Flow flow = state.pipeline().flows().get(i);
            flows.add(new FlowDetails(i + 1, flow.name(), flow.phase(), state.inFlow().get(i)));
        }
        return flows;
    }
}
