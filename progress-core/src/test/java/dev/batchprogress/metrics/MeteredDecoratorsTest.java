package dev.batchprogress.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.metrics.RecordingMetrics.Event;
import dev.batchprogress.metrics.SourceMetrics.Operation;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecorderUnavailableException;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunConflictException;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.UnknownRunException;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MeteredDecoratorsTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "12".repeat(32));
    private static final TrackingId MISSING = TrackingId.of("0x" + "34".repeat(32));

    private final InMemoryRunStore store = InMemoryRunStore.create();

    @Nested
    class Recorder {

        private final List<String> outcomes = new ArrayList<>();
        private final RecordingMetrics metrics =
                new RecordingMetrics() {
                    @Override
                    public void eventRecorded(Event event, Recorded outcome) {
                        outcomes.add(event.label() + " " + outcome);
                    }

                    @Override
                    public void eventRejected(Event event, RecordingException rejection) {
                        outcomes.add(
                                event.label() + " rejected " + RecordingMetrics.reason(rejection));
                    }

                    @Override
                    public void eventFailed(Event event, RuntimeException failure) {
                        outcomes.add(event.label() + " failed");
                    }
                };
        private final RunRecorder recorder = MeteredRunRecorder.wrap(store, metrics);

        @Test
        void acceptedEvents_reportTheirOutcome() {
            RunRegistration registration =
                    RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2);

            recorder.register(registration);
            recorder.register(registration);
            recorder.moveFacility(RUN, 0, "detect_plots");

            assertThat(outcomes)
                    .containsExactly(
                            "register APPLIED",
                            "register ALREADY_APPLIED",
                            "move_facility APPLIED");
        }

        @Test
        void rejectedEvents_reportTheirReasonAndStillThrow() {
            recorder.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2));
            recorder.failFacility(RUN, 0);

            assertThatThrownBy(() -> recorder.moveFacility(RUN, 0, 1))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThatThrownBy(() -> recorder.failFacility(MISSING, 0))
                    .isInstanceOf(UnknownRunException.class);
            assertThatThrownBy(() -> recorder.startStage(RUN, 1))
                    .isInstanceOf(InvalidEventException.class);
            assertThatThrownBy(
                            () ->
                                    recorder.register(
                                            RunRegistration.supplyShed(
                                                    RUN, "acme", Pipeline.SUPPLY_SHED, 3)))
                    .isInstanceOf(RunConflictException.class);

            assertThat(outcomes)
                    .containsExactly(
                            "register APPLIED",
                            "fail_facility APPLIED",
                            "move_facility rejected illegal_transition",
                            "fail_facility rejected unknown_run",
                            "start_stage rejected invalid_event",
                            "register rejected run_conflict");
        }

        @Test
        void unavailableRecorder_reportsFailure() {
            InvocationHandler down =
                    (proxy, method, arguments) -> {
                        throw new RecorderUnavailableException(
                                "database is down", new IllegalStateException("refused"));
                    };
            RunRecorder broken =
                    (RunRecorder)
                            Proxy.newProxyInstance(
                                    RunRecorder.class.getClassLoader(),
                                    new Class<?>[] {RunRecorder.class},
                                    down);

            assertThatThrownBy(() -> MeteredRunRecorder.wrap(broken, metrics).skip(RUN, "late"))
                    .isInstanceOf(RecorderUnavailableException.class);
            assertThat(outcomes).containsExactly("skip failed");
        }
    }

    @Nested
    class Source {

        private final List<String> calls = new ArrayList<>();
        private final SourceMetrics metrics =
                (operation, nanos, succeeded) -> {
                    assertThat(nanos).as("duration of %s", operation).isNotNegative();
                    calls.add(operation.label() + (succeeded ? " ok" : " failed"));
                };

        @Test
        void everyOperation_isTimed() {
            store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2));
            RunStateSource source = MeteredRunStateSource.wrap(store, metrics);
            VisibilityScope scope = VisibilityScope.organization("acme");

            assertThat(source.load(scope, Set.of(RUN))).containsKey(RUN);
            assertThat(source.findLatestByFilename(scope, MISSING)).isEmpty();
            assertThat(source.list(scope, 10)).hasSize(1);

            assertThat(calls).containsExactly("load ok", "find_latest_by_filename ok", "list ok");
        }

        @Test
        void failedCall_isTimedAndRethrown() {
            RunStateSource down =
                    (RunStateSource)
                            Proxy.newProxyInstance(
                                    RunStateSource.class.getClassLoader(),
                                    new Class<?>[] {RunStateSource.class},
                                    (proxy, method, arguments) -> {
                                        throw new SourceUnavailableException("database is down");
                                    });

            assertThatThrownBy(
                            () ->
                                    MeteredRunStateSource.wrap(down, metrics)
                                            .load(VisibilityScope.all(), Set.of(RUN)))
                    .isInstanceOf(SourceUnavailableException.class);
            assertThat(calls).containsExactly("load failed");
            assertThat(Operation.values()).hasSize(3);
            assertThat(Event.values()).hasSize(11);
        }
    }
}
