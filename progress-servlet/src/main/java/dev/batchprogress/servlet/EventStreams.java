package dev.batchprogress.servlet;

import dev.batchprogress.ProgressAnswer;
import dev.batchprogress.ProgressFeed;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.Caller;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The open event streams of one servlet: the per-caller limit, the feed that polls the tracker for
 * them, and the heartbeat. One scheduler thread serves every stream; it starts with the first
 * stream and stops when the servlet is destroyed.
 */
final class EventStreams implements AutoCloseable {

    /** The reconnection delay sent to clients at the start of every stream, in milliseconds. */
    static final long RETRY_MILLIS = 2000;

    /** An event id: an entity tag without its quotes. */
    private static final Pattern EVENT_ID = Pattern.compile("bp1-[A-Za-z0-9_-]{22}");

    private final ProgressTracker tracker;
    private final StreamSettings settings;
    private final ProgressJson json;
    private final AnswerBodies bodies;
    private final Map<String, Integer> openPerCaller = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable ProgressFeed feed;
    private boolean closed;

    EventStreams(
            ProgressTracker tracker,
            StreamSettings settings,
            ProgressJson json,
            AnswerBodies bodies) {
        this.tracker = tracker;
        this.settings = settings;
        this.json = json;
        this.bodies = bodies;
    }

    /** Returns the number of streams open now. */
    int open() {
        return open.get();
    }

    /** Returns whether streams may still open: false once {@link #close()} was called. */
    synchronized boolean accepting() {
        return !closed;
    }

    /**
     * Takes one of the caller's stream slots.
     *
     * @return false when the caller already has the most streams open that one caller may have
     */
    boolean reserve(Caller caller) {
        boolean[] taken = {false};
        openPerCaller.compute(
                key(caller),
                (key, count) -> {
                    int current = count == null ? 0 : count;
                    if (current >= settings.maxPerCaller()) {
                        return count;
                    }
                    taken[0] = true;
                    return current + 1;
                });
        if (taken[0]) {
            open.incrementAndGet();
        }
        return taken[0];
    }

    private void release(Caller caller) {
        openPerCaller.computeIfPresent(key(caller), (key, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    private static String key(Caller caller) {
        return caller.organization() + '\u0000' + caller.subject();
    }

    /**
     * Opens a stream whose slot was reserved, on a response whose status and headers are set: the
     * feed's answers, starting with the current one unless the client already has it, and
     * heartbeats. An answer that is already finished is sent alone, as the end event.
     *
     * @param lastEventId the client's {@code Last-Event-ID}, or null
     */
    void open(
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller,
            ProgressQuery query,
            ProgressAnswer first,
            @Nullable String lastEventId)
            throws IOException {
        String resumeTag =
                lastEventId != null && EVENT_ID.matcher(lastEventId.strip()).matches()
                        ? "\"" + lastEventId.strip() + "\""
                        : null;
        EventStream stream = null;
        try {
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            ServletOutputStream out = response.getOutputStream();
            stream =
                    new EventStream(
                            async,
                            out,
                            json,
                            bodies,
                            closed -> {
                                streams.remove(closed);
                                release(caller);
                            });
            streams.add(stream);
            async.addListener(stream);
            stream.retry(RETRY_MILLIS);
            if (first.finished()) {
                // Nothing more can change, so the stream is the end event alone.
                stream.answer(first);
            }
            out.setWriteListener(stream);
        } catch (IOException | RuntimeException failed) {
            if (stream != null) {
                streams.remove(stream);
            }
            release(caller);
            throw failed;
        }
        if (!first.finished()) {
            ProgressFeed running = feed();
            stream.follow(running.publisher(caller, query, resumeTag));
            long beat = settings.heartbeat().toNanos();
            stream.heartbeat(
                    scheduler()
                            .scheduleAtFixedRate(stream::beat, beat, beat, TimeUnit.NANOSECONDS));
        }
    }

    private synchronized ProgressFeed feed() {
        if (feed == null) {
            feed =
                    tracker.feed()
                            .interval(settings.interval())
                            .scheduler(scheduler())
                            .delivery(scheduler())
                            .build();
        }
        return feed;
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (closed) {
            throw new IllegalStateException("batch_progress servlet was destroyed");
        }
        if (scheduler == null) {
            scheduler =
                    Executors.newSingleThreadScheduledExecutor(
                            task -> {
                                Thread thread = new Thread(task, "batch-progress-streams");
                                thread.setDaemon(true);
                                return thread;
                            });
        }
        return scheduler;
    }

    /** Ends every open stream and stops the scheduler. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (EventStream stream : streams) {
            stream.shutdown();
        }
        closeFeed();
    }

    private synchronized void closeFeed() {
        if (feed != null) {
            feed.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * How streams behave.
     *
     * @param interval the shortest time between two events of one stream
     * @param heartbeat the time between two heartbeat comments
     * @param maxPerCaller the most streams one caller may have open
     */
    record StreamSettings(Duration interval, Duration heartbeat, int maxPerCaller) {

        /** 250 ms between events, a heartbeat every 15 s, 16 streams per caller. */
        static final StreamSettings DEFAULT =
                new StreamSettings(ProgressFeed.DEFAULT_INTERVAL, Duration.ofSeconds(15), 16);
    }
}
