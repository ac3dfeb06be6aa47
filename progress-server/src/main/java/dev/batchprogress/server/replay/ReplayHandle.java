package dev.batchprogress.server.replay;

import dev.batchprogress.model.TrackingId;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A replay that runs in a background thread: its runs, its completion, and a way to stop it. */
public final class ReplayHandle {

    private final List<ReplayRun> runs;
    private final CompletableFuture<ReplaySummary> completion = new CompletableFuture<>();
    private volatile @Nullable Thread thread;

    ReplayHandle(List<ReplayRun> runs) {
        this.runs = List.copyOf(runs);
    }

    /** Returns the runs the replay records, which are registered soon after the start. */
    public List<ReplayRun> runs() {
        return runs;
    }

    /** Returns the tracking ids of the runs the replay records, in the order of {@link #runs()}. */
    public List<TrackingId> trackingIds() {
        return runs.stream().map(ReplayRun::trackingId).toList();
    }

    /**
     * Returns a future of the replay's end. It completes with the summary when every run has ended,
     * with a {@link CancellationException} after {@link #stop()}, or with the exception that ended
     * the replay. Completing or cancelling the returned future does not affect the replay.
     */
    public CompletableFuture<ReplaySummary> completion() {
        return completion.copy();
    }

    /**
     * Stops the replay by interrupting its thread. The runs keep the state they reached, and the
     * method returns without waiting for the thread to end.
     */
    public void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    void attach(Thread replayThread) {
        thread = replayThread;
    }

    void finished(ReplaySummary summary) {
        completion.complete(summary);
    }

    void stopped() {
        completion.completeExceptionally(new CancellationException("the replay was stopped"));
    }

    void failed(Throwable failure) {
        completion.completeExceptionally(failure);
    }
}
