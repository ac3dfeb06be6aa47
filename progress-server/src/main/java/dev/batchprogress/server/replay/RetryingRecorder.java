package dev.batchprogress.server.replay;

import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecorderUnavailableException;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A recorder that delivers each event again while its store is unavailable, such as a database that
 * restarts, so a replay resumes where it stopped instead of ending. Delivering again is safe
 * because events are idempotent. Waits double from 100 ms up to 5 s; an interrupt ends the waiting
 * and throws the last failure.
 */
final class RetryingRecorder implements RunRecorder {

    private static final System.Logger LOGGER = System.getLogger(RetryingRecorder.class.getName());
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final RunRecorder delegate;

    RetryingRecorder(RunRecorder delegate) {
        this.delegate = delegate;
    }

    private Recorded deliver(Supplier<Recorded> event) {
        Duration wait = FIRST_WAIT;
        boolean logged = false;
        while (true) {
            try {
                Recorded recorded = event.get();
                if (logged) {
                    LOGGER.log(Level.INFO, "run-state store is available again; replay resumes");
                }
                return recorded;
            } catch (RecorderUnavailableException unavailable) {
                if (!logged) {
                    LOGGER.log(
                            Level.WARNING,
                            "run-state store is unavailable ({0}); replay retries until it is back",
                            unavailable.getMessage());
                    logged = true;
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw unavailable;
                }
                wait =
                        wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0
                                ? LONGEST_WAIT
                                : wait.multipliedBy(2);
            }
        }
    }

    @Override
    public Recorded register(RunRegistration registration) {
        return deliver(() -> delegate.register(registration));
    }

    @Override
    public Recorded startStage(TrackingId run, int stage) {
        return deliver(() -> delegate.startStage(run, stage));
    }

    @Override
    public Recorded succeedStage(TrackingId run, int stage) {
        return deliver(() -> delegate.succeedStage(run, stage));
    }

    @Override
    public Recorded failStage(TrackingId run, int stage) {
        return deliver(() -> delegate.failStage(run, stage));
    }

    @Override
    public Recorded addTasks(TrackingId run, int stage, int firstTask, int count) {
        return deliver(() -> delegate.addTasks(run, stage, firstTask, count));
    }

    @Override
    public Recorded recordTaskOutcome(TrackingId run, int stage, int task, TaskOutcome outcome) {
        return deliver(() -> delegate.recordTaskOutcome(run, stage, task, outcome));
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, int flow) {
        return deliver(() -> delegate.moveFacility(run, facility, flow));
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, String flowName) {
        return deliver(() -> delegate.moveFacility(run, facility, flowName));
    }

    @Override
    public Recorded completeFacility(TrackingId run, int facility) {
        return deliver(() -> delegate.completeFacility(run, facility));
    }

    @Override
    public Recorded failFacility(TrackingId run, int facility) {
        return deliver(() -> delegate.failFacility(run, facility));
    }

    @Override
    public Recorded markUngeocoded(TrackingId run, int facility) {
        return deliver(() -> delegate.markUngeocoded(run, facility));
    }

    @Override
    public Recorded skip(TrackingId run, String reason) {
        return deliver(() -> delegate.skip(run, reason));
    }
}
