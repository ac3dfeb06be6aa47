package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressFeedTest {

    private static final TrackingId SHED = TrackingId.of("0x" + "21".repeat(32));
    private static final Caller ANN = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final Caller EVE = new Caller("eve", "globex", Set.of(Permission.READ));
    private static final int FACILITIES = 4;
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final ProgressTracker tracker = ProgressTracker.create(store);
    private final ProgressFeed feed = tracker.feed().interval(INTERVAL).build();

    ProgressFeedTest() {
        store.register(RunRegistration.supplyShed(SHED, "acme", Pipeline.SUPPLY_SHED, FACILITIES));
    }

    @AfterEach
    void closeFeed() {
        feed.close();
    }

    private static ProgressQuery shed() {
        return ProgressQuery.ofTrackingId(SHED.value());
    }

    @Test
    void firstSignal_isTheCurrentAnswer() throws InterruptedException {
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);

        ProgressAnswer first = subscriber.next();

        assertThat(first).isEqualTo(tracker.answer(ANN, shed()));
    }

    @Test
    void changes_arrive_untilTheRunIsFinished_thenTheFeedCompletes() throws InterruptedException {
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        for (int facility = 0; facility < FACILITIES; facility++) {
            store.failFacility(SHED, facility);
            long failed = ((SupplyShedProgress) subscriber.next().progress()).failed();
            assertThat(failed).isEqualTo(facility + 1);
        }

        assertThat(subscriber.completed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(feed.openSubscriptions()).isZero();
    }

    @Test
    void unchangedRun_sendsNothingAfterTheFirstAnswer() throws InterruptedException {
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        // Ten intervals pass; an answer would have been sent in the first.
        assertThat(subscriber.answers.poll(10 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    @Test
    void changeThatLeavesTheAnswerAlone_sendsNothing() throws InterruptedException {
        store.moveFacility(SHED, 0, 1);
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        // Flows 1 and 2 are both preprocessing: the run changes, its answer does not.
        store.moveFacility(SHED, 0, 2);

        assertThat(subscriber.answers.poll(10 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
        store.moveFacility(SHED, 0, 5);
        assertThat(((SupplyShedProgress) subscriber.next().progress()).processing()).isEqualTo(1);
    }

    @Test
    void subscriberWithoutDemand_getsOnlyTheNewestAnswerWhenItAsks() throws InterruptedException {
        Recorder subscriber = Recorder.requesting(1);
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        store.failFacility(SHED, 0);
        store.moveFacility(SHED, 1, 1);
        store.moveFacility(SHED, 2, 1);
        ProgressAnswer newest = tracker.answer(ANN, shed());
        awaitTicks();
        subscriber.subscription().request(1);

        assertThat(subscriber.next()).isEqualTo(newest);
        assertThat(subscriber.answers.poll(5 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
    }

    @Test
    void answers_comeAtMostOncePerInterval_whileTheRunChangesAllTheTime()
            throws InterruptedException {
        InMemoryRunStore busyStore = InMemoryRunStore.create();
        busyStore.register(
                RunRegistration.supplyShed(SHED, "acme", Pipeline.SUPPLY_SHED, 1_000_000));
        Duration interval = Duration.ofMillis(100);
        ProgressTracker busyTracker = ProgressTracker.create(busyStore);
        ProgressFeed slowFeed = busyTracker.feed().interval(interval).build();
        Recorder subscriber = Recorder.unbounded();
        long start = System.nanoTime();
        int facility = 0;
        try {
            slowFeed.publisher(ANN, shed()).subscribe(subscriber);
            // Every facility changes the answer; far more changes than intervals pass.
            while (System.nanoTime() - start < Duration.ofMillis(600).toNanos()) {
                busyStore.moveFacility(SHED, facility++, 1);
                Thread.sleep(1);
            }
        } finally {
            slowFeed.close();
        }
        long elapsed = System.nanoTime() - start;

        // Ticks run with a fixed delay of one interval, starting at once.
        long ticks = elapsed / interval.toNanos() + 1;
        assertThat(facility).isGreaterThan(50);
        assertThat(subscriber.answers.size()).isBetween(1, (int) ticks);
    }

    @Test
    void resumeTag_skipsTheAnswerTheSubscriberHas() throws InterruptedException {
        String held = tracker.answer(ANN, shed()).entityTag();
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed(), held).subscribe(subscriber);
        awaitTicks();
        assertThat(subscriber.answers).isEmpty();

        store.failFacility(SHED, 0);

        assertThat(subscriber.next().entityTag()).isNotEqualTo(held);
    }

    @Test
    void resumeTagOfTheFinishedAnswer_stillSendsItAndCompletes() throws InterruptedException {
        for (int facility = 0; facility < FACILITIES; facility++) {
            store.failFacility(SHED, facility);
        }
        ProgressAnswer finished = tracker.answer(ANN, shed());
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed(), finished.entityTag()).subscribe(subscriber);

        assertThat(subscriber.next()).isEqualTo(finished);
        assertThat(subscriber.completed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runOfAnotherOrganization_failsLikeAMissingRun() throws InterruptedException {
        Recorder hidden = Recorder.unbounded();
        Recorder missing = Recorder.unbounded();
        feed.publisher(EVE, shed()).subscribe(hidden);
        feed.publisher(EVE, ProgressQuery.ofTrackingId("0x" + "99".repeat(32))).subscribe(missing);

        Throwable hiddenFailure = hidden.failure();
        Throwable missingFailure = missing.failure();

        assertThat(hiddenFailure).isInstanceOf(RunNotFoundException.class);
        assertThat(missingFailure).isInstanceOf(RunNotFoundException.class);
        assertThat(((ProgressException) hiddenFailure).detail())
                .isEqualTo(Details.runNotFound(SHED.value()));
        assertThat(hidden.answers).isEmpty();
    }

    @Test
    void unavailableSource_delaysAnswers_withoutEndingTheSubscription()
            throws InterruptedException {
        FlakySource source = new FlakySource(store);
        ProgressTracker flakyTracker = ProgressTracker.create(source);
        try (ProgressFeed flakyFeed = flakyTracker.feed().interval(INTERVAL).build()) {
            source.down.set(true);
            Recorder subscriber = Recorder.unbounded();
            flakyFeed.publisher(ANN, shed()).subscribe(subscriber);
            awaitTicks();
            assertThat(subscriber.answers).isEmpty();
            assertThat(subscriber.failures).isEmpty();

            source.down.set(false);

            assertThat(subscriber.next()).isEqualTo(tracker.answer(ANN, shed()));
        }
    }

    @Test
    void blockedSubscriber_doesNotHoldUpRecording() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Recorder blocked =
                new Recorder(Long.MAX_VALUE) {
                    @Override
                    public void onNext(ProgressAnswer answer) {
                        super.onNext(answer);
                        awaitQuietly(release);
                    }
                };
        feed.publisher(ANN, shed()).subscribe(blocked);
        blocked.next();

        for (int facility = 0; facility < FACILITIES; facility++) {
            store.failFacility(SHED, facility);
        }
        Recorder other = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(other);
        release.countDown();

        assertThat(((SupplyShedProgress) tracker.progress(ANN, shed())).failed())
                .isEqualTo(FACILITIES);
        assertThat(blocked.completed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancel_stopsAnswers() throws InterruptedException {
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        subscriber.subscription().cancel();
        store.failFacility(SHED, 0);

        assertThat(subscriber.answers.poll(5 * INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                .isNull();
        assertThat(feed.openSubscriptions()).isZero();
    }

    @Test
    void nonPositiveRequest_failsTheSubscription() throws InterruptedException {
        Recorder subscriber = Recorder.requesting(0);
        feed.publisher(ANN, shed()).subscribe(subscriber);

        subscriber.subscription().request(0);

        assertThat(subscriber.failure())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requested 0 answers; expected a positive number");
    }

    @Test
    void close_endsOpenSubscriptionsWithCancellation() throws InterruptedException {
        Recorder subscriber = Recorder.unbounded();
        feed.publisher(ANN, shed()).subscribe(subscriber);
        subscriber.next();

        feed.close();

        assertThat(subscriber.failure()).isInstanceOf(CancellationException.class);
    }

    @Test
    void interval_outOfRange_isRejectedWithTheValue() {
        assertThatThrownBy(() -> tracker.feed().interval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feed interval PT0S is out of range; expected 1 ms to 1 hour");
    }

    private static void awaitTicks() throws InterruptedException {
        Thread.sleep(5 * INTERVAL.toMillis());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects signals; requests a fixed number of answers on subscribe. */
    static class Recorder implements Flow.Subscriber<ProgressAnswer> {
        final BlockingQueue<ProgressAnswer> answers = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        final CountDownLatch completed = new CountDownLatch(1);
        private final long initialDemand;
        private volatile Flow.@Nullable Subscription subscription;

        Recorder(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        static Recorder unbounded() {
            return new Recorder(Long.MAX_VALUE);
        }

        static Recorder requesting(long n) {
            return new Recorder(n);
        }

        Flow.Subscription subscription() {
            Flow.Subscription current = subscription;
            assertThat(current).isNotNull();
            return current;
        }

        ProgressAnswer next() throws InterruptedException {
            ProgressAnswer answer = answers.poll(5, TimeUnit.SECONDS);
            assertThat(answer).as("an answer within 5 s").isNotNull();
            return answer;
        }

        Throwable failure() throws InterruptedException {
            Throwable failure = failures.poll(5, TimeUnit.SECONDS);
            assertThat(failure).as("a failure within 5 s").isNotNull();
            return failure;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (initialDemand > 0) {
                subscription.request(initialDemand);
            }
        }

        @Override
        public void onNext(ProgressAnswer answer) {
            answers.add(answer);
        }

        @Override
        public void onError(Throwable failure) {
            failures.add(failure);
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }

    /** A source that throws while {@link #down} is set. */
    static final class FlakySource implements RunStateSource {
        final AtomicBoolean down = new AtomicBoolean();
        private final RunStateSource delegate;

        FlakySource(RunStateSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            if (down.get()) {
                throw new SourceUnavailableException("source is down for the test");
            }
            return delegate.load(scope, trackingIds);
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            return delegate.findLatestByFilename(scope, filename);
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            return new ArrayList<>(delegate.list(scope, limit));
        }
    }
}
