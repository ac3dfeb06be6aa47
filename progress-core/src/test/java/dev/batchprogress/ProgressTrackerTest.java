package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

    private static final TrackingId ACME_RUN = TrackingId.of("0x" + "11".repeat(32));
    private static final TrackingId GLOBEX_RUN = TrackingId.of("0x" + "22".repeat(32));
    private static final TrackingId FILE = TrackingId.of("0x" + "ff".repeat(32));
    private static final Caller ACME = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final Caller AUDITOR =
            new Caller("aud", "audit", Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS));

    private final InMemoryRunStore store = InMemoryRunStore.create();

    @Nested
    class Isolation {

        private final CountingSource source = new CountingSource(store);
        private final ProgressTracker tracker = ProgressTracker.create(source);

        Isolation() {
            store.register(RunRegistration.batchProcess(ACME_RUN, "acme", Pipeline.BATCH_PROCESS));
            store.register(
                    RunRegistration.supplyShed(GLOBEX_RUN, "globex", Pipeline.SUPPLY_SHED, 4));
        }

        private String failureOf(Caller caller, ProgressQuery query) {
            try {
                tracker.progress(caller, query);
                return "answered";
            } catch (ProgressException failure) {
                return failure.getClass().getSimpleName() + ": " + failure.detail();
            }
        }

        @Test
        void otherOrganizationsRun_answersLikeMissingOne() {
            String missing = "0x" + "33".repeat(32);

            String other = failureOf(ACME, ProgressQuery.ofTrackingId(GLOBEX_RUN.value()));
            int loadsForOther = source.loads;
            String absent = failureOf(ACME, ProgressQuery.ofTrackingId(missing));

            assertThat(other.replace(GLOBEX_RUN.value(), "<id>"))
                    .isEqualTo(absent.replace(missing, "<id>"));
            assertThat(source.loads - loadsForOther).isEqualTo(loadsForOther);
        }

        @Test
        void otherOrganizationsRunAmongTrackingIds_isNotFound() {
            assertThatThrownBy(
                            () ->
                                    tracker.progress(
                                            ACME,
                                            ProgressQuery.ofTrackingIds(
                                                    List.of(GLOBEX_RUN.value()))))
                    .isInstanceOf(RunNotFoundException.class);
        }

        @Test
        void readAllOrganizations_seesEveryRun() {
            assertThat(tracker.progress(AUDITOR, ProgressQuery.ofTrackingId(GLOBEX_RUN.value())))
                    .isNotNull();
            assertThat(tracker.progress(AUDITOR, ProgressQuery.ofTrackingId(ACME_RUN.value())))
                    .isNotNull();
        }

        @Test
        void sourceIsAskedWithinCallersScope() {
            tracker.progress(ACME, ProgressQuery.ofTrackingId(ACME_RUN.value()));

            assertThat(source.scopes).containsOnly(VisibilityScope.organization("acme"));
        }

        @Test
        void trackingIdsQuery_loadsOnce() {
            TrackingId second = TrackingId.of("0x" + "44".repeat(32));
            store.register(RunRegistration.supplyShed(second, "globex", Pipeline.SUPPLY_SHED, 1));

            tracker.progress(
                    AUDITOR,
                    ProgressQuery.ofTrackingIds(
                            List.of(GLOBEX_RUN.value(), second.value(), GLOBEX_RUN.value())));

            assertThat(source.loads).isEqualTo(1);
        }

        @Test
        void deniedCaller_causesNoLoad() {
            Caller noRead = new Caller("x", "acme", Set.of());

            failureOf(noRead, ProgressQuery.ofTrackingId(ACME_RUN.value()));

            assertThat(source.loads).isZero();
        }
    }

    @Nested
    class Filename {

        private final MutableClock clock = new MutableClock();
        private final InMemoryRunStore timed = InMemoryRunStore.withClock(clock);
        private final ProgressTracker tracker = ProgressTracker.create(timed);

        @Test
        void resolvesToLatestRegisteredRunOfThatFile() {
            TrackingId older = TrackingId.of("run-older");
            TrackingId newer = TrackingId.of("run-newer");
            timed.register(
                    RunRegistration.batchProcess(older, "acme", Pipeline.BATCH_PROCESS)
                            .withFilename(FILE));
            clock.advance(1000);
            timed.register(
                    RunRegistration.batchProcess(newer, "acme", Pipeline.stages("two", "a", "b"))
                            .withFilename(FILE));

            BatchProcessProgress answer =
                    (BatchProcessProgress)
                            tracker.progress(ACME, ProgressQuery.ofFilename(FILE.value()));

            assertThat(answer.nStages()).isEqualTo(2);
        }

        @Test
        void skipsRunsOfOtherOrganizations() {
            timed.register(
                    RunRegistration.batchProcess(
                                    TrackingId.of("mine"), "acme", Pipeline.BATCH_PROCESS)
                            .withFilename(FILE));
            timed.register(
                    RunRegistration.batchProcess(
                                    TrackingId.of("theirs"), "globex", Pipeline.stages("one", "a"))
                            .withFilename(FILE));

            BatchProcessProgress answer =
                    (BatchProcessProgress)
                            tracker.progress(ACME, ProgressQuery.ofFilename(FILE.value()));

            assertThat(answer.nStages()).isEqualTo(4);
        }

        @Test
        void runWithThatTrackingIdWins() {
            TrackingId named = FILE;
            timed.register(
                    RunRegistration.batchProcess(named, "acme", Pipeline.stages("one", "a")));
            timed.register(
                    RunRegistration.batchProcess(
                                    TrackingId.of("later"), "acme", Pipeline.BATCH_PROCESS)
                            .withFilename(FILE));

            BatchProcessProgress answer =
                    (BatchProcessProgress)
                            tracker.progress(ACME, ProgressQuery.ofFilename(FILE.value()));

            assertThat(answer.nStages()).isEqualTo(1);
        }
    }

    @Nested
    class FailingSource {

        @Test
        void throwingSource_isUnavailable() {
            RunStateSource failing =
                    new CountingSource(store) {
                        @Override
                        public Map<TrackingId, RunState> load(
                                VisibilityScope scope, Collection<TrackingId> trackingIds) {
                            throw new SourceUnavailableException("database down");
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(failing);

            assertThatThrownBy(() -> tracker.progress(ACME, ProgressQuery.ofTrackingId("x")))
                    .isInstanceOf(ProgressUnavailableException.class)
                    .extracting(failure -> ((ProgressException) failure).detail())
                    .isEqualTo("Run state is temporarily unavailable");
        }

        @Test
        void sourceReturningAnotherOrganizationsRun_isUnavailable() {
            store.register(
                    RunRegistration.batchProcess(GLOBEX_RUN, "globex", Pipeline.BATCH_PROCESS));
            RunStateSource leaking =
                    new CountingSource(store) {
                        @Override
                        public Map<TrackingId, RunState> load(
                                VisibilityScope scope, Collection<TrackingId> trackingIds) {
                            return super.load(VisibilityScope.all(), trackingIds);
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(leaking);

            assertThatThrownBy(
                            () ->
                                    tracker.progress(
                                            ACME, ProgressQuery.ofTrackingId(GLOBEX_RUN.value())))
                    .isInstanceOf(ProgressUnavailableException.class);
        }

        @Test
        void sourceReturningUnaskedRun_isUnavailable() {
            store.register(RunRegistration.batchProcess(ACME_RUN, "acme", Pipeline.BATCH_PROCESS));
            RunStateSource confused =
                    new CountingSource(store) {
                        @Override
                        public Map<TrackingId, RunState> load(
                                VisibilityScope scope, Collection<TrackingId> trackingIds) {
                            Map<TrackingId, RunState> wrong = new HashMap<>();
                            for (TrackingId id : trackingIds) {
                                wrong.put(id, store.load(scope, List.of(ACME_RUN)).get(ACME_RUN));
                            }
                            return wrong;
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(confused);

            assertThatThrownBy(() -> tracker.progress(ACME, ProgressQuery.ofTrackingId("other")))
                    .isInstanceOf(ProgressUnavailableException.class);
        }

        @Test
        void sourceReturningNull_isUnavailable() {
            RunStateSource broken =
                    new CountingSource(store) {
                        @Override
                        public Map<TrackingId, RunState> load(
                                VisibilityScope scope, Collection<TrackingId> trackingIds) {
                            return null;
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(broken);

            assertThatThrownBy(() -> tracker.progress(ACME, ProgressQuery.ofTrackingId("x")))
                    .isInstanceOf(ProgressUnavailableException.class)
                    .hasMessageContaining("returned null");
        }

        @Test
        void sourceReturningNullState_isUnavailable() {
            RunStateSource broken =
                    new CountingSource(store) {
                        @Override
                        public Map<TrackingId, RunState> load(
                                VisibilityScope scope, Collection<TrackingId> trackingIds) {
                            Map<TrackingId, RunState> nulls = new HashMap<>();
                            trackingIds.forEach(id -> nulls.put(id, null));
                            return nulls;
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(broken);

            assertThatThrownBy(() -> tracker.progress(ACME, ProgressQuery.ofTrackingId("x")))
                    .isInstanceOf(ProgressUnavailableException.class)
                    .hasMessageContaining("null in place of the state of x");
        }

        @Test
        void sourceReturningNullOptional_isUnavailable() {
            RunStateSource broken =
                    new CountingSource(store) {
                        @Override
                        public Optional<RunState> findLatestByFilename(
                                VisibilityScope scope, TrackingId filename) {
                            return null;
                        }
                    };
            ProgressTracker tracker = ProgressTracker.create(broken);

            assertThatThrownBy(
                            () ->
                                    tracker.progress(
                                            ACME, ProgressQuery.ofFilename("0x" + "f".repeat(64))))
                    .isInstanceOf(ProgressUnavailableException.class);
        }
    }

    @Nested
    class SourceReturningAKeyNotAskedFor {

        private final RunStateSource extra =
                new CountingSource(store) {
                    @Override
                    public Map<TrackingId, RunState> load(
                            VisibilityScope scope, Collection<TrackingId> trackingIds) {
                        Map<TrackingId, RunState> answer =
                                new HashMap<>(super.load(scope, trackingIds));
                        answer.putAll(super.load(scope, List.of(ACME_RUN)));
                        return answer;
                    }
                };

        @BeforeEach
        void registerTheExtraRun() {
            store.register(RunRegistration.batchProcess(ACME_RUN, "acme", Pipeline.BATCH_PROCESS));
        }

        @Test
        void oneId_isUnavailable() {
            ProgressTracker tracker = ProgressTracker.create(extra);

            assertThatThrownBy(() -> tracker.progress(ACME, ProgressQuery.ofTrackingId("other")))
                    .isInstanceOf(ProgressUnavailableException.class);
        }

        @Test
        void severalIds_isUnavailable() {
            ProgressTracker tracker = ProgressTracker.create(extra);

            assertThatThrownBy(
                            () ->
                                    tracker.progress(
                                            ACME, ProgressQuery.ofTrackingIds(List.of("a", "b"))))
                    .isInstanceOf(ProgressUnavailableException.class);
        }
    }

    /** A source that delegates to a store and counts its calls. */
    static class CountingSource implements RunStateSource {
        private final RunStateSource delegate;
        int loads;
        final List<VisibilityScope> scopes = new ArrayList<>();

        CountingSource(RunStateSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            loads++;
            scopes.add(scope);
            return delegate.load(scope, trackingIds);
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            loads++;
            scopes.add(scope);
            return delegate.findLatestByFilename(scope, filename);
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            return delegate.list(scope, limit);
        }
    }

    /** A clock that tests move by hand. */
    static final class MutableClock implements InstantSource {
        private long millis = 1_700_000_000_000L;

        void advance(long deltaMillis) {
            millis += deltaMillis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
