package dev.batchprogress.recording;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.StorableText;
import dev.batchprogress.model.TrackingId;
import java.util.List;

/**
 * The exceptions recorders throw for rejected events, built in one place so that every recorder
 * rejects the same event with the same message.
 */
public final class Rejections {

    /** The largest task number; task numbers are in [0, {@value}]. */
    public static final int MAX_TASK_NUMBER = Integer.MAX_VALUE - 1;

    /** The most tasks one {@code addTasks} event may add; larger batches take several events. */
    public static final int MAX_TASKS_PER_EVENT = 1 << 20;

    private Rejections() {}

    /** Returns the rejection of an event that does not apply to a run of this kind. */
    public static InvalidEventException wrongKind(TrackingId run, String event, RunKind kind) {
        return new InvalidEventException(
                event + " does not apply to run " + run.echo() + ", which is a " + kind);
    }

    /** Returns the rejection of a stage number outside the run's pipeline. */
    public static InvalidEventException stageOutOfRange(TrackingId run, int stage, int stages) {
        return new InvalidEventException(
                "stage "
                        + stage
                        + " is out of range for the "
                        + stages
                        + "-stage pipeline of run "
                        + run.echo()
                        + "; expected 1 to "
                        + stages);
    }

    /** Returns the rejection of a flow number outside the run's pipeline. */
    public static InvalidEventException flowOutOfRange(TrackingId run, int flow, int flows) {
        return new InvalidEventException(
                "flow "
                        + flow
                        + " is out of range for the "
                        + flows
                        + "-flow pipeline of run "
                        + run.echo()
                        + "; expected 1 to "
                        + flows);
    }

    /** Returns the rejection of a flow name that the run's pipeline does not have. */
    public static InvalidEventException unknownFlow(
            TrackingId run, String flowName, Pipeline pipeline) {
        List<String> names = pipeline.flows().stream().map(flow -> flow.name()).toList();
        return new InvalidEventException(
                "flow '"
                        + TrackingId.echo(flowName)
                        + "' is not in pipeline '"
                        + pipeline.name()
                        + "' of run "
                        + run.echo()
                        + "; expected one of "
                        + names);
    }

    /** Returns the rejection of a facility number outside the run. */
    public static InvalidEventException facilityOutOfRange(
            TrackingId run, int facility, int facilities) {
        return new InvalidEventException(
                "facility "
                        + facility
                        + " is out of range for run "
                        + run.echo()
                        + " of "
                        + facilities
                        + " facilities; expected 0 to "
                        + (facilities - 1));
    }

    /** Returns the rejection of a task range that is empty or leaves [0, MAX_TASK_NUMBER]. */
    public static InvalidEventException tasksOutOfRange(
            TrackingId run, int stage, int firstTask, int count) {
        return new InvalidEventException(
                "tasks "
                        + firstTask
                        + " to "
                        + ((long) firstTask + count - 1)
                        + " of stage "
                        + stage
                        + " of run "
                        + run.echo()
                        + " are out of range; expected a first task of at least 0, a count of"
                        + " 1 to "
                        + MAX_TASKS_PER_EVENT
                        + ", and task numbers up to "
                        + MAX_TASK_NUMBER);
    }

    /**
     * Returns whether a task range is valid: a first task of at least 0, a count of 1 to {@link
     * #MAX_TASKS_PER_EVENT}, and no task number beyond {@link #MAX_TASK_NUMBER}.
     */
    public static boolean validTaskRange(int firstTask, int count) {
        return firstTask >= 0
                && count >= 1
                && count <= MAX_TASKS_PER_EVENT
                && firstTask <= Integer.MAX_VALUE - count;
    }

    /** Returns the rejection of an outcome for a task that was never added. */
    public static InvalidEventException taskNeverAdded(TrackingId run, int stage, int task) {
        return new InvalidEventException(
                "task "
                        + task
                        + " of stage "
                        + stage
                        + " of run "
                        + run.echo()
                        + " was never added; add the task before recording its outcome");
    }

    /**
     * Returns whether a skip reason is valid: not blank, no control character or lone surrogate.
     */
    public static boolean validSkipReason(String reason) {
        return !reason.isBlank() && StorableText.isStorable(reason);
    }

    /** Returns the rejection of a skip reason that is blank or not storable. */
    public static InvalidEventException invalidSkipReason(TrackingId run) {
        return new InvalidEventException(
                "skip reason for run "
                        + run.echo()
                        + " is blank or contains a control character or an unpaired surrogate;"
                        + " expected a readable reason such as 'low - not processed'");
    }

    /** Returns the rejection of any event on a skipped run. */
    public static IllegalTransitionException skipped(
            TrackingId run, String subject, String target) {
        return new IllegalTransitionException(run, subject, "SKIPPED run", target);
    }

    /** Returns the rejection of adding tasks to a stage that has ended. */
    public static IllegalTransitionException tasksAddedToEndedStage(
            TrackingId run, int stage, String status) {
        return new IllegalTransitionException(
                run,
                "stage " + stage,
                status,
                "tasks added",
                "stage "
                        + stage
                        + " of run "
                        + run.echo()
                        + ": cannot add tasks to a stage that is "
                        + status);
    }

    /** Returns the rejection of a task outcome in a stage that has ended. */
    public static IllegalTransitionException outcomeInEndedStage(
            TrackingId run, int stage, int task, String status, TaskOutcome outcome) {
        return new IllegalTransitionException(
                run, taskSubject(stage, task), "stage " + status, outcome.name());
    }

    /** Returns the rejection of a second, different outcome for a task. */
    public static IllegalTransitionException taskAlreadyEnded(
            TrackingId run, int stage, int task, TaskOutcome current, TaskOutcome requested) {
        return new IllegalTransitionException(
                run, taskSubject(stage, task), current.name(), requested.name());
    }

    /**
     * Returns the rejection of skipping a run that was skipped with another reason or ended. The
     * reason is cut to {@value TrackingId#MAX_ECHOED_CODE_POINTS} code points, as ids are, so that
     * a huge reason cannot make a huge message.
     */
    public static IllegalTransitionException cannotSkip(
            TrackingId run, String state, String reason) {
        return new IllegalTransitionException(run, "run", state, skippedState(reason));
    }

    /** Returns the state name of a run skipped with a reason, the reason cut as in messages. */
    public static String skippedState(String reason) {
        return "SKIPPED (" + TrackingId.echo(reason) + ")";
    }

    /** Returns the rejection of registering an id again with other details. */
    public static RunConflictException conflict(
            RunRegistration existing, RunRegistration requested) {
        return new RunConflictException(
                "run "
                        + existing.trackingId().echo()
                        + " is already registered as "
                        + describe(existing)
                        + "; cannot register it again as "
                        + describe(requested));
    }

    private static String describe(RunRegistration registration) {
        return registration.kind()
                + " of organization '"
                + registration.organization()
                + "', filename "
                + registration.filename()
                + ", pipeline '"
                + registration.pipeline().name()
                + "' with flows "
                + registration.pipeline().flows()
                + ", "
                + registration.facilities()
                + " facilities";
    }

    private static String taskSubject(int stage, int task) {
        return "task " + task + " of stage " + stage;
    }
}
