package dev.batchprogress.recording;

import dev.batchprogress.model.TrackingId;

/**
 * The event API through which an orchestrator records what its runs do.
 *
 * <p>Stages and flows are numbered from 1, as the wire contract numbers stages; tasks (within their
 * stage) and facilities (within their run) are numbered from 0. Numbering makes every event
 * idempotent: an event delivered twice counts once, and the second delivery returns {@link
 * Recorded#ALREADY_APPLIED}.
 *
 * <p>Every event is validated against the run's transition rules. A rejected event throws a {@link
 * RecordingException} naming the run, the subject and the transition, and changes nothing. Any
 * event on a skipped run is rejected. Implementations are thread-safe.
 */
public interface RunRecorder {

    /**
     * Registers a run: a batch process with every stage pending, or a supply shed with every
     * facility queued. Registering the same run again is a no-op.
     *
     * @param registration the run's id, kind, owner, filename, pipeline and facility count
     * @return {@link Recorded#APPLIED}, or {@link Recorded#ALREADY_APPLIED} for an identical repeat
     * @throws RunConflictException if the id already names a run with other details
     * @throws InvalidEventException if the pipeline is not usable for this recorder
     */
    Recorded register(RunRegistration registration);

    /**
     * Starts a stage of a batch process: {@code PENDING → RUNNING}. Stages may overlap.
     *
     * @param run the batch process run
     * @param stage the stage's 1-based number
     * @return whether the stage changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a batch process or the stage is out of range
     * @throws IllegalTransitionException if the stage has ended or the run was skipped
     */
    Recorded startStage(TrackingId run, int stage);

    /**
     * Ends a running stage successfully: {@code RUNNING → SUCCEEDED}.
     *
     * @param run the batch process run
     * @param stage the stage's 1-based number
     * @return whether the stage changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a batch process or the stage is out of range
     * @throws IllegalTransitionException if the stage is not running or the run was skipped
     */
    Recorded succeedStage(TrackingId run, int stage);

    /**
     * Ends a running stage in failure: {@code RUNNING → FAILED}. The run then reports failed.
     *
     * @param run the batch process run
     * @param stage the stage's 1-based number
     * @return whether the stage changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a batch process or the stage is out of range
     * @throws IllegalTransitionException if the stage is not running or the run was skipped
     */
    Recorded failStage(TrackingId run, int stage);

    /**
     * Adds the tasks numbered {@code firstTask} to {@code firstTask + count - 1} to a stage that
     * has not ended. Tasks added before are not counted again.
     *
     * @param run the batch process run
     * @param stage the stage's 1-based number
     * @param firstTask the number of the first task, at least 0
     * @param count how many tasks, at least 1
     * @return {@link Recorded#APPLIED} when at least one task was new
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a batch process, or a number is out of range
     * @throws IllegalTransitionException if the stage has ended or the run was skipped
     */
    Recorded addTasks(TrackingId run, int stage, int firstTask, int count);

    /**
     * Records how a task of a stage that has not ended finished.
     *
     * @param run the batch process run
     * @param stage the stage's 1-based number
     * @param task the task's number within its stage
     * @param outcome whether the task succeeded or failed
     * @return whether the task changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a batch process, the stage is out of range,
     *     or the task was never added
     * @throws IllegalTransitionException if the stage has ended, the task already ended otherwise,
     *     or the run was skipped
     */
    Recorded recordTaskOutcome(TrackingId run, int stage, int task, TaskOutcome outcome);

    /**
     * Moves a facility into a flow: from the queue, or from an earlier flow.
     *
     * @param run the supply shed run
     * @param facility the facility's number within its run
     * @param flow the flow's 1-based number in the run's pipeline
     * @return whether the facility changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a supply shed, or a number is out of range
     * @throws IllegalTransitionException if the facility is in a later flow or has ended, or the
     *     run was skipped
     */
    Recorded moveFacility(TrackingId run, int facility, int flow);

    /**
     * Moves a facility into the flow with the given name.
     *
     * @param run the supply shed run
     * @param facility the facility's number within its run
     * @param flowName the name of a flow of the run's pipeline, such as {@code detect_plots}
     * @return whether the facility changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a supply shed, the facility is out of range,
     *     or no flow has that name
     * @throws IllegalTransitionException as {@link #moveFacility(TrackingId, int, int)}
     */
    Recorded moveFacility(TrackingId run, int facility, String flowName);

    /**
     * Completes a facility that is running the last flow of its pipeline.
     *
     * @param run the supply shed run
     * @param facility the facility's number within its run
     * @return whether the facility changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a supply shed or the facility is out of range
     * @throws IllegalTransitionException if the facility is not in the last flow, or the run was
     *     skipped
     */
    Recorded completeFacility(TrackingId run, int facility);

    /**
     * Fails a facility that is queued or running a flow.
     *
     * @param run the supply shed run
     * @param facility the facility's number within its run
     * @return whether the facility changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a supply shed or the facility is out of range
     * @throws IllegalTransitionException if the facility completed, is ungeocoded, or the run was
     *     skipped
     */
    Recorded failFacility(TrackingId run, int facility);

    /**
     * Marks a queued facility as ungeocoded: it could not be located and never enters a flow. It
     * counts as failed.
     *
     * @param run the supply shed run
     * @param facility the facility's number within its run
     * @return whether the facility changed
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the run is not a supply shed or the facility is out of range
     * @throws IllegalTransitionException if the facility is not queued, or the run was skipped
     */
    Recorded markUngeocoded(TrackingId run, int facility);

    /**
     * Skips a run that is neither complete nor failed. A skipped run reports complete with the
     * reason, and rejects every later event.
     *
     * @param run the run
     * @param reason why the run was skipped, not blank, such as {@code low - not processed}
     * @return {@link Recorded#ALREADY_APPLIED} when the run was skipped before with this reason
     * @throws UnknownRunException if the run is not registered
     * @throws InvalidEventException if the reason is blank
     * @throws IllegalTransitionException if the run is complete, failed, or skipped with another
     *     reason
     */
    Recorded skip(TrackingId run, String reason);
}
