package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecorderUnavailableException;
import dev.batchprogress.recording.RunRegistration;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingRecorderTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "3c".repeat(32));

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** A recorder that fails with an unavailable store while failures are left, then records. */
    private dev.batchprogress.recording.RunRecorder flaky() {
        return (dev.batchprogress.recording.RunRecorder)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {dev.batchprogress.recording.RunRecorder.class},
                        (proxy, method, arguments) -> {
                            if (failuresLeft.getAndDecrement() > 0) {
                                throw new RecorderUnavailableException(
                                        "database down", new SQLException("down", "08006"));
                            }
                            try {
                                return method.invoke(store, arguments);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    @Test
    void unavailableStore_isRetriedUntilEventRecords() {
        RetryingRecorder recorder = new RetryingRecorder(flaky());
        failuresLeft.set(2);

        assertThat(
                        recorder.register(
                                RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2)))
                .isEqualTo(Recorded.APPLIED);
        assertThat(failuresLeft.get()).isNegative();
    }

    @Test
    void rejectedEvent_isNotRetried() {
        RetryingRecorder recorder = new RetryingRecorder(flaky());
        store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 2));

        assertThatThrownBy(() -> recorder.moveFacility(RUN, 5, 1))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void interruptedWait_throwsTheFailure() {
        RetryingRecorder recorder = new RetryingRecorder(flaky());
        failuresLeft.set(Integer.MAX_VALUE);
        Thread.currentThread().interrupt();

        assertThatThrownBy(
                        () ->
                                recorder.register(
                                        RunRegistration.supplyShed(
                                                RUN, "acme", Pipeline.SUPPLY_SHED, 2)))
                .isInstanceOf(RecorderUnavailableException.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
