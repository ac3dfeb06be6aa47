package dev.batchprogress;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Progress;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the answers to a progress query as they change: the current answer first, then each
 * change, at most one per interval, and completion once the answer is {@linkplain
 * ProgressAnswer#finished() finished}.
 *
 * <p>Each subscription asks its {@link ProgressTracker} again every interval (250 ms by default)
 * and passes an answer on only when its {@linkplain ProgressAnswer#entityTag() entity tag} differs
 * from the last one, so recording never waits for a subscriber and works the same over every
 * run-state source. A subscriber that requests less than it is offered gets the newest answer when
 * it next requests one; answers in between are dropped, never queued. The first answer is passed on
 * even when it equals the resume tag if it is finished, so a resumed subscriber always sees the
 * end.
 *
 * <p>A query that fails its checks, names a run that is gone, or fails unexpectedly ends the
 * subscription with {@code onError} and the tracker's exception. An unavailable source only delays
 * the next answer. Closing the feed ends every open subscription with a {@link
 * CancellationException}.
 *
 * <p>Note that every open subscription queries the tracker once per interval on one scheduler
 * thread, so a slow source delays every subscription of the feed.
 */
public final class ProgressFeed implements AutoCloseable {

    /** The default shortest time between two answers of one subscription: 250 ms. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private static final System.Logger LOG = System.getLogger(ProgressFeed.class.getName());

    private final ProgressTracker tracker;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Executor delivery;
    private final Set<FeedSubscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ProgressFeed(Builder builder) {
        this.tracker = builder.tracker;
        this.interval = builder.interval;
        ScheduledExecutorService given = builder.scheduler;
        this.ownsScheduler = given == null;
        this.scheduler =
                given != null
                        ? given
                        : Executors.newSingleThreadScheduledExecutor(
                                task -> {
                                    Thread thread = new Thread(task, "progress-feed");
                                    thread.setDaemon(true);
                                    return thread;
                                });
        this.delivery = builder.delivery;
    }

    /**
     * Returns a builder of a feed over a tracker.
     *
     * @param tracker the tracker that answers every query of the feed
     * @return a builder with the default interval, its own scheduler thread, and delivery on the
     *     common fork-join pool
     */
    public static Builder builder(ProgressTracker tracker) {
        return new Builder(tracker);
    }

    /**
     * Returns a publisher of a query's answers for a caller. Each subscriber gets a subscription of
     * its own, starting with the current answer.
     *
     * @param caller the caller whose permissions and organization apply to every answer
     * @param query the query
     * @return a cold publisher
     */
    public Flow.Publisher<ProgressAnswer> publisher(Caller caller, ProgressQuery query) {
        return publisher(caller, query, null);
    }

    /**
     * Returns a publisher that resumes after an answer the subscriber already has: the first answer
     * is skipped when its entity tag equals {@code resumeTag} and it is not finished.
     *
     * @param caller the caller whose permissions and organization apply to every answer
     * @param query the query
     * @param resumeTag the {@linkplain ProgressAnswer#entityTag() entity tag} of the last answer
     *     received, or null to start with the current answer
     * @return a cold publisher
     */
    public Flow.Publisher<ProgressAnswer> publisher(
            Caller caller, ProgressQuery query, @Nullable String resumeTag) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(query, "query");
        return subscriber -> subscribe(subscriber, caller, query, resumeTag);
    }

    /**
     * Returns the number of subscriptions that have not ended yet.
     *
     * @return open subscriptions, at least 0
     */
    public int openSubscriptions() {
        return open.size();
    }

    /** Ends every open subscription with a {@link CancellationException} and stops polling. */
    @Override
    public void close() {
        closed = true;
        for (FeedSubscription subscription : open) {
            subscription.fail(new CancellationException("progress feed closed"));
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    private void subscribe(
            Flow.Subscriber<? super ProgressAnswer> subscriber,
            Caller caller,
            ProgressQuery query,
            @Nullable String resumeTag) {
        Objects.requireNonNull(subscriber, "subscriber");
        FeedSubscription subscription = new FeedSubscription(subscriber, caller, query, resumeTag);
        subscriber.onSubscribe(subscription);
        if (closed) {
            subscription.fail(new CancellationException("progress feed closed"));
            return;
        }
        open.add(subscription);
        try {
            subscription.ticking =
                    scheduler.scheduleWithFixedDelay(
                            subscription::tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            subscription.fail(new CancellationException("progress feed closed"));
        }
    }

    /**
     * One subscriber's state. Ticks run on the scheduler, one at a time; signals run on the
     * delivery executor, serialized by {@link #work}.
     */
    private final class FeedSubscription implements Flow.Subscription {

        private final Flow.Subscriber<? super ProgressAnswer> subscriber;
        private final Caller caller;
        private final ProgressQuery query;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicReference<@Nullable ProgressAnswer> pending = new AtomicReference<>();
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private final AtomicInteger work = new AtomicInteger();

        /** The tag the subscriber already has; read by the first tick only. */
        private final @Nullable String resumeTag;

        /** The last answer's progress passed on or skipped; read and written by ticks only. */
        private @Nullable Progress lastProgress;

        private boolean ticked;

        private volatile @Nullable ScheduledFuture<?> ticking;
        private volatile boolean ended;

        FeedSubscription(
                Flow.Subscriber<? super ProgressAnswer> subscriber,
                Caller caller,
                ProgressQuery query,
                @Nullable String resumeTag) {
            this.subscriber = subscriber;
            this.caller = caller;
            this.query = query;
            this.resumeTag = resumeTag;
        }

        void tick() {
            if (ended) {
                return;
            }
            ProgressAnswer answer;
            try {
                answer = tracker.answer(caller, query);
            } catch (ProgressUnavailableException unavailable) {
                // The tracker has logged it; the next tick asks again.
                return;
            } catch (RuntimeException failed) {
                fail(failed);
                return;
            }
            boolean finished = answer.finished();
            boolean first = !ticked;
            ticked = true;
            if (first && !finished && answer.entityTag().equals(resumeTag)) {
                lastProgress = answer.progress();
                return;
            }
            // A run can change without changing its answer, such as a facility moving between two
            // flows of one phase; such a change is not passed on.
            if (finished || !answer.progress().equals(lastProgress)) {
                lastProgress = answer.progress();
                if (finished) {
                    stopTicking();
                }
                pending.set(answer);
                signal();
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(
                        new IllegalArgumentException(
                                "requested " + n + " answers; expected a positive number"));
                return;
            }
            demand.getAndAccumulate(
                    n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
            signal();
        }

        @Override
        public void cancel() {
            end();
        }

        void fail(Throwable cause) {
            if (failure.compareAndSet(null, cause)) {
                stopTicking();
                signal();
            }
        }

        private void stopTicking() {
            ScheduledFuture<?> future = ticking;
            if (future != null) {
                future.cancel(false);
            }
        }

        private void end() {
            ended = true;
            pending.set(null);
            stopTicking();
            open.remove(this);
        }

        /** Runs {@link #deliver()} on the delivery executor unless a run is already due. */
        private void signal() {
            if (work.getAndIncrement() == 0) {
                try {
                    delivery.execute(this::deliver);
                } catch (RejectedExecutionException rejected) {
                    work.set(0);
                    end();
                    LOG.log(Level.WARNING, "progress feed delivery executor rejected a task");
                }
            }
        }

        private void deliver() {
            int missed = 1;
            do {
                if (!ended) {
                    deliverPending();
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private void deliverPending() {
            Throwable cause = failure.get();
            if (cause != null) {
                end();
                subscriber.onError(cause);
                return;
            }
            while (demand.get() > 0) {
                ProgressAnswer answer = pending.getAndSet(null);
                if (answer == null) {
                    return;
                }
                demand.decrementAndGet();
                try {
                    subscriber.onNext(answer);
                } catch (RuntimeException broken) {
                    end();
                    LOG.log(Level.WARNING, "progress feed subscriber failed; cancelled", broken);
                    return;
                }
                if (answer.finished()) {
                    end();
                    subscriber.onComplete();
                    return;
                }
                if (ended) {
                    return;
                }
            }
        }
    }

    /** Configures a {@link ProgressFeed}. Builders are not thread-safe. */
    public static final class Builder {

        private final ProgressTracker tracker;
        private Duration interval = DEFAULT_INTERVAL;
        private @Nullable ScheduledExecutorService scheduler;
        private Executor delivery = ForkJoinPool.commonPool();

        private Builder(ProgressTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
        }

        /**
         * Sets the shortest time between two answers of one subscription, which is also how often
         * each subscription asks the tracker.
         *
         * @param interval at least 1 ms and at most one hour; 250 ms by default
         * @return this builder
         * @throws IllegalArgumentException if the interval is out of range
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(1)) < 0
                    || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "feed interval " + interval + " is out of range; expected 1 ms to 1 hour");
            }
            this.interval = interval;
            return this;
        }

        /**
         * Sets the scheduler that runs the subscriptions' queries; the feed does not shut it down.
         * By default the feed starts a daemon thread of its own and stops it on {@link #close()}.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets the executor that calls subscribers, one call at a time per subscription.
         *
         * @param delivery the executor; the common fork-join pool by default
         * @return this builder
         */
        public Builder delivery(Executor delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /**
         * Returns the feed.
         *
         * @return a feed ready to publish
         */
        public ProgressFeed build() {
            return new ProgressFeed(this);
        }
    }
}
