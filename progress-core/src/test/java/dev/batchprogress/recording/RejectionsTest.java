package dev.batchprogress.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rejections every recorder shares: the task range rule, the messages and what they carry. */
class RejectionsTest {

    private static final TrackingId RUN = TrackingId.of("run-7");
    private static final int TOP = Rejections.MAX_TASK_NUMBER;

    @ParameterizedTest(name = "first task {0}, count {1} -> {2}")
    @CsvSource({
        "0, 1, true",
        "-1, 1, false",
        "0, 0, false",
        "0, 1048576, true",
        "0, 1048577, false",
        "2147483646, 1, true",
        "2147483645, 2, true",
        "2147483646, 2, false",
        "2147483647, 1, false"
    })
    void validTaskRange_keepsTaskNumbersAndCountInRange(int firstTask, int count, boolean valid) {
        assertThat(Rejections.validTaskRange(firstTask, count)).isEqualTo(valid);
    }

    @Test
    void tasksOutOfRange_namesTheWholeRangeWithoutOverflow() {
        assertThat(Rejections.tasksOutOfRange(RUN, 2, TOP, 3))
                .hasMessage(
                        "tasks 2147483646 to 2147483648 of stage 2 of run run-7 are out of range;"
                                + " expected a first task of at least 0, a count of 1 to 1048576,"
                                + " and task numbers up to 2147483646");
    }

    @Test
    void facilityOutOfRange_namesTheLastFacility() {
        assertThat(Rejections.facilityOutOfRange(RUN, 9, 4))
                .hasMessage(
                        "facility 9 is out of range for run run-7 of 4 facilities; expected 0 to"
                                + " 3");
    }

    @Test
    void illegalTransition_carriesRunSubjectAndStates() {
        IllegalTransitionException rejection =
                Rejections.taskAlreadyEnded(RUN, 2, 5, TaskOutcome.SUCCEEDED, TaskOutcome.FAILED);

        assertThat(rejection.trackingId()).isEqualTo("run-7");
        assertThat(rejection.subject()).isEqualTo("task 5 of stage 2");
        assertThat(rejection.from()).isEqualTo("SUCCEEDED");
        assertThat(rejection.to()).isEqualTo("FAILED");
        assertThat(rejection)
                .hasMessage("task 5 of stage 2 of run run-7: cannot move from SUCCEEDED to FAILED");
    }

    @Test
    void unknownRun_carriesTheIdAsSent() {
        UnknownRunException rejection = new UnknownRunException(TrackingId.of("0xABC"));

        assertThat(rejection.trackingId()).isEqualTo("0xABC");
    }

    @Test
    void registration_takesUpToMaxFacilities() {
        RunRegistration largest =
                RunRegistration.supplyShed(
                        RUN, "acme", Pipeline.SUPPLY_SHED, RunRegistration.MAX_FACILITIES);

        assertThat(largest.facilities()).isEqualTo(RunRegistration.MAX_FACILITIES);
        assertThatThrownBy(
                        () ->
                                RunRegistration.supplyShed(
                                        RUN,
                                        "acme",
                                        Pipeline.SUPPLY_SHED,
                                        RunRegistration.MAX_FACILITIES + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facility count 1073741825");
    }
}
