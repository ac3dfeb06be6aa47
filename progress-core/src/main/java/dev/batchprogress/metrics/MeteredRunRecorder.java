package dev.batchprogress.metrics;

import dev.batchprogress.metrics.RecordingMetrics.Event;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A recorder that reports the outcome of every event it passes to another recorder to {@link
 * RecordingMetrics}: recorded (applied or already applied), rejected, or failed. Results and
 * exceptions pass through unchanged.
 */
public final class MeteredRunRecorder implements RunRecorder {

    private final RunRecorder delegate;
    private final RecordingMetrics metrics;

    private MeteredRunRecorder(RunRecorder delegate, RecordingMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Returns a recorder that reports the outcomes of another one.
     *
     * @param delegate the recorder that records
     * @param metrics what receives each event's outcome
     * @return the reporting recorder
     */
    public static MeteredRunRecorder wrap(RunRecorder delegate, RecordingMetrics metrics) {
        return new MeteredRunRecorder(delegate, metrics);
    }

    private Recorded record(Event event, Supplier<Recorded> call) {
        Recorded outcome;
        try {
            outcome = call.get();
        } catch (RecordingException rejection) {
            metrics.eventRejected(event, rejection);
            throw rejection;
        } catch (RuntimeException failure) {
            metrics.eventFailed(event, failure);
            throw failure;
        }
        metrics.eventRecorded(event, outcome);
        return outcome;
    }

    @Override
    public Recorded register(RunRegistration registration) {
        return record(Event.REGISTER, () -> delegate.register(registration));
    }

    @Override
    public Recorded startStage(TrackingId run, int stage) {
        return record(Event.START_STAGE, () -> delegate.startStage(run, stage));
    }

    @Override
    public Recorded succeedStage(TrackingId run, int stage) {
        return record(Event.SUCCEED_STAGE, () -> delegate.succeedStage(run, stage));
    }

    @Override
    public Recorded failStage(TrackingId run, int stage) {
        return record(Event.FAIL_STAGE, () -> delegate.failStage(run, stage));
    }

    @Override
    public Recorded addTasks(TrackingId run, int stage, int firstTask, int count) {
        return record(Event.ADD_TASKS, () -> delegate.addTasks(run, stage, firstTask, count));
    }

    @Override
    public Recorded recordTaskOutcome(TrackingId run, int stage, int task, TaskOutcome outcome) {
        return record(
                Event.RECORD_TASK_OUTCOME,
                () -> delegate.recordTaskOutcome(run, stage, task, outcome));
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, int flow) {
        return record(Event.MOVE_FACILITY, () -> delegate.moveFacility(run, facility, flow));
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, String flowName) {
        return record(Event.MOVE_FACILITY, () -> delegate.moveFacility(run, facility, flowName));
    }

    @Override
    public Recorded completeFacility(TrackingId run, int facility) {
        return record(Event.COMPLETE_FACILITY, () -> delegate.completeFacility(run, facility));
    }

    @Override
    public Recorded failFacility(TrackingId run, int facility) {
        return record(Event.FAIL_FACILITY, () -> delegate.failFacility(run, facility));
    }

    @Override
    public Recorded markUngeocoded(TrackingId run, int facility) {
        return record(Event.MARK_UNGEOCODED, () -> delegate.markUngeocoded(run, facility));
    }

    @Override
    public Recorded skip(TrackingId run, String reason) {
        return record(Event.SKIP, () -> delegate.skip(run, reason));
    }
}
