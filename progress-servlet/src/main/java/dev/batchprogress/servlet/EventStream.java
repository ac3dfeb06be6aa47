package dev.batchprogress.servlet;

import dev.batchprogress.Details;
import dev.batchprogress.ProgressAnswer;
import dev.batchprogress.ProgressException;
import dev.batchprogress.json.ProgressJson;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One open {@code text/event-stream} response, written with non-blocking servlet I/O so that no
 * thread waits on it.
 *
 * <p>Events come from a {@link dev.batchprogress.ProgressFeed} subscription that requests one
 * answer at a time: the next is requested only once the previous event has been flushed, so a slow
 * client gets the newest answer, never a backlog. Output calls are serialized on this object,
 * whichever thread makes them: the container's {@link #onWritePossible()}, the feed's delivery, or
 * the heartbeat.
 */
final class EventStream implements WriteListener, AsyncListener {

    private static final System.Logger LOG = System.getLogger(BatchProgressServlet.class.getName());

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ProgressJson json;
    private final AnswerBodies bodies;
    private final Consumer<EventStream> onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Flow.@Nullable Subscription subscription;
    private @Nullable ScheduledFuture<?> heartbeat;

    /** Set by the container's first {@link #onWritePossible()}; no output call comes before. */
    private boolean writable;

    private boolean flushDue;
    private boolean answerRequested;
    private boolean ending;

    EventStream(
            AsyncContext async,
            ServletOutputStream out,
            ProgressJson json,
            AnswerBodies bodies,
            Consumer<EventStream> onClose) {
        this.async = async;
        this.out = out;
        this.json = json;
        this.bodies = bodies;
        this.onClose = onClose;
    }

    /** Queues the reconnection delay a client should wait, in milliseconds. */
    synchronized void retry(long millis) {
        queue.add(("retry: " + millis + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Queues an answer as a {@code progress} event, or as the {@code end} event if finished. */
    synchronized void answer(ProgressAnswer answer) {
        if (ending) {
            return;
        }
        String id = answer.entityTag().replace("\"", "");
        String event = answer.finished() ? "end" : "progress";
        byte[] data = bodies.of(answer.progress());
        byte[] head =
                ("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] whole = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(data, 0, whole, head.length, data.length);
        whole[whole.length - 2] = '\n';
        whole[whole.length - 1] = '\n';
        queue.add(whole);
        if (answer.finished()) {
            ending = true;
        }
        drain();
    }

    /** Starts following the feed's answers, one at a time. */
    void follow(Flow.Publisher<ProgressAnswer> answers) {
        answers.subscribe(new Answers());
    }

    /** Sets the heartbeat task, cancelled when the stream closes. */
    synchronized void heartbeat(ScheduledFuture<?> task) {
        if (closed.get()) {
            task.cancel(false);
        } else {
            heartbeat = task;
        }
    }

    /** Ends the stream once the events already queued are written, as the servlet stops. */
    synchronized void shutdown() {
        ending = true;
        drain();
    }

    /** Writes a heartbeat comment unless an event is already waiting to be written. */
    synchronized void beat() {
        if (queue.isEmpty() && !ending) {
            queue.add(HEARTBEAT);
            drain();
        }
    }

    private synchronized void subscribed(Flow.Subscription subscription) {
        if (closed.get() || ending) {
            subscription.cancel();
            return;
        }
        this.subscription = subscription;
        requestWhenIdle();
    }

    private synchronized void next(ProgressAnswer answer) {
        answerRequested = false;
        answer(answer);
        requestWhenIdle();
    }

    private synchronized void failed(Throwable failure) {
        if (!(failure instanceof CancellationException)) {
            String detail;
            if (failure instanceof ProgressException progress) {
                detail = json.errorJson(progress);
            } else {
                LOG.log(Level.ERROR, "event stream failed; sent an error event", failure);
                detail = json.errorJson(Details.INTERNAL_SERVER_ERROR);
            }
            queue.add(("event: error\ndata: " + detail + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        // A cancellation means the servlet is being destroyed; the client reconnects elsewhere.
        ending = true;
        drain();
    }

    private synchronized void completed() {
        // The finished answer came as the end event, which set ending already.
        ending = true;
        drain();
    }

    @Override
    public synchronized void onWritePossible() {
        writable = true;
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        // A write failed: the client went away.
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Never restarted.
    }

    /**
     * Writes queued events while the output is ready, flushing after each, and ends the response
     * once the last event is out. When the output is not ready, the container calls {@link
     * #onWritePossible()} later.
     */
    private void drain() {
        if (!writable || closed.get()) {
            return;
        }
        try {
            while (out.isReady()) {
                if (flushDue) {
                    flushDue = false;
                    out.flush();
                    continue;
                }
                byte[] next = queue.poll();
                if (next == null) {
                    if (ending) {
                        close();
                        async.complete();
                    } else {
                        requestWhenIdle();
                    }
                    return;
                }
                out.write(next);
                flushDue = true;
            }
        } catch (IOException | IllegalStateException gone) {
            // The client went away; the container may report it to onError as well.
            close();
        }
    }

    /** Requests the next answer once everything before it has been written out. */
    private void requestWhenIdle() {
        Flow.Subscription current = subscription;
        if (current != null && !answerRequested && !ending && queue.isEmpty() && !flushDue) {
            answerRequested = true;
            current.request(1);
        }
    }

    /** Releases the stream's subscription, heartbeat and slot once, however it ended. */
    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Flow.Subscription current;
        ScheduledFuture<?> beat;
        synchronized (this) {
            current = subscription;
            beat = heartbeat;
            queue.clear();
        }
        if (current != null) {
            current.cancel();
        }
        if (beat != null) {
            beat.cancel(false);
        }
        onClose.accept(this);
    }

    /** Passes the feed's signals to the stream; a class of its own, as both define onError. */
    private final class Answers implements Flow.Subscriber<ProgressAnswer> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscribed(subscription);
        }

        @Override
        public void onNext(ProgressAnswer answer) {
            next(answer);
        }

        @Override
        public void onError(Throwable failure) {
            failed(failure);
        }

        @Override
        public void onComplete() {
            completed();
        }
    }
}
