package dev.batchprogress.properties;

import dev.batchprogress.model.Flow;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.stream.Collectors;

/**
 * One call of the {@link RunRecorder} event API as a value, so that a generated sequence of events
 * can be replayed and printed when a property fails.
 */
sealed interface RunEvent
        permits RunEvent.Register,
                RunEvent.StartStage,
                RunEvent.SucceedStage,
                RunEvent.FailStage,
                RunEvent.AddTasks,
                RunEvent.RecordTaskOutcome,
                RunEvent.MoveFacility,
                RunEvent.MoveFacilityByName,
                RunEvent.CompleteFacility,
                RunEvent.FailFacility,
                RunEvent.MarkUngeocoded,
                RunEvent.Skip {

    /** Returns the run the event names. */
    Address address();

    /** Sends the event to a recorder and returns what the recorder reports. */
    Recorded sendTo(RunRecorder recorder);

    /**
     * A tracking id as an event sends it, with a short label for printing.
     *
     * @param id the id as sent
     * @param label a name such as {@code run} or {@code unknown run 0x…}
     */
    record Address(TrackingId id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Registers a run, the same one again or with conflicting details. */
    record Register(Address address, RunRegistration registration) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.register(registration);
        }

        @Override
        public String toString() {
            return "register(" + address + ", " + describe(registration) + ")";
        }
    }

    /** Starts a stage. */
    record StartStage(Address address, int stage) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.startStage(address.id(), stage);
        }

        @Override
        public String toString() {
            return "startStage(" + address + ", stage " + stage + ")";
        }
    }

    /** Ends a stage successfully. */
    record SucceedStage(Address address, int stage) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.succeedStage(address.id(), stage);
        }

        @Override
        public String toString() {
            return "succeedStage(" + address + ", stage " + stage + ")";
        }
    }

    /** Ends a stage in failure. */
    record FailStage(Address address, int stage) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.failStage(address.id(), stage);
        }

        @Override
        public String toString() {
            return "failStage(" + address + ", stage " + stage + ")";
        }
    }

    /** Adds the tasks {@code firstTask} to {@code firstTask + count - 1} to a stage. */
    record AddTasks(Address address, int stage, int firstTask, int count) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.addTasks(address.id(), stage, firstTask, count);
        }

        @Override
        public String toString() {
            return "addTasks("
                    + address
                    + ", stage "
                    + stage
                    + ", first task "
                    + firstTask
                    + ", count "
                    + count
                    + ")";
        }
    }

    /** Records how a task ended. */
    record RecordTaskOutcome(Address address, int stage, int task, TaskOutcome outcome)
            implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.recordTaskOutcome(address.id(), stage, task, outcome);
        }

        @Override
        public String toString() {
            return "recordTaskOutcome("
                    + address
                    + ", stage "
                    + stage
                    + ", task "
                    + task
                    + ", "
                    + outcome
                    + ")";
        }
    }

    /** Moves a facility into a flow by the flow's number. */
    record MoveFacility(Address address, int facility, int flow) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.moveFacility(address.id(), facility, flow);
        }

        @Override
        public String toString() {
            return "moveFacility(" + address + ", facility " + facility + ", flow " + flow + ")";
        }
    }

    /** Moves a facility into a flow by the flow's name. */
    record MoveFacilityByName(Address address, int facility, String flowName) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.moveFacility(address.id(), facility, flowName);
        }

        @Override
        public String toString() {
            return "moveFacility("
                    + address
                    + ", facility "
                    + facility
                    + ", flow '"
                    + flowName
                    + "')";
        }
    }

    /** Completes a facility that runs the last flow. */
    record CompleteFacility(Address address, int facility) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.completeFacility(address.id(), facility);
        }

        @Override
        public String toString() {
            return "completeFacility(" + address + ", facility " + facility + ")";
        }
    }

    /** Fails a facility. */
    record FailFacility(Address address, int facility) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.failFacility(address.id(), facility);
        }

        @Override
        public String toString() {
            return "failFacility(" + address + ", facility " + facility + ")";
        }
    }

    /** Marks a facility as ungeocoded. */
    record MarkUngeocoded(Address address, int facility) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.markUngeocoded(address.id(), facility);
        }

        @Override
        public String toString() {
            return "markUngeocoded(" + address + ", facility " + facility + ")";
        }
    }

    /** Skips a run with a reason, which may be blank. */
    record Skip(Address address, String reason) implements RunEvent {
        @Override
        public Recorded sendTo(RunRecorder recorder) {
            return recorder.skip(address.id(), reason);
        }

        @Override
        public String toString() {
            return "skip(" + address + ", '" + reason + "')";
        }
    }

    /** Describes a registration in one line: kind, owner, file, pipeline and facility count. */
    static String describe(RunRegistration registration) {
        String flows =
                registration.pipeline().flows().stream()
                        .map(RunEvent::describe)
                        .collect(Collectors.joining(", ", "[", "]"));
        return registration.kind()
                + " of '"
                + registration.organization()
                + "'"
                + (registration.filename() == null ? "" : ", file " + registration.filename())
                + ", pipeline '"
                + registration.pipeline().name()
                + "' "
                + flows
                + ", "
                + registration.facilities()
                + " facilities";
    }

    private static String describe(Flow flow) {
        return flow.name() + " " + flow.phase();
    }
}
