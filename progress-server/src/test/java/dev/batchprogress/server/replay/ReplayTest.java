package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.data.BundledData;
import dev.batchprogress.server.data.InputFile;
import dev.batchprogress.server.data.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Caller CALLER = new Caller("test", "demo", Set.of(Permission.READ));
    private static final ReplaySettings UNPACED =
            ReplaySettings.defaults().withSpeed(ReplaySettings.UNPACED);

    /** A replay of the bundled files that ran to the end, with a tracker over its store. */
    private record Finished(Replay replay, ReplaySummary summary, ProgressTracker tracker) {

        Progress progress(String inputName) {
            return tracker.progress(CALLER, ProgressQuery.ofTrackingId(id(inputName).value()));
        }

        TrackingId id(String inputName) {
            return replay.runs().stream()
                    .filter(run -> run.inputName().equals(inputName))
                    .findFirst()
                    .orElseThrow()
                    .trackingId();
        }
    }

    private static Finished replayBundled(ReplaySettings settings) throws InterruptedException {
        return replayBundled(settings, ReplayListener.none());
    }

    private static Finished replayBundled(ReplaySettings settings, ReplayListener listener)
            throws InterruptedException {
        Replay replay =
                Replay.prepare(BundledData.traces(), BundledData.facilityLists(), settings, START);
        InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
        ReplaySummary summary = replay.run(store, listener);
        return new Finished(replay, summary, ProgressTracker.create(store));
    }

    @Nested
    class BundledTraces {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "1000genome-chameleon-4ch-250k-001.json",
                    "montage-chameleon-2mass-01d-001.json"
                })
        void trace_endsCompleteInLastStage(String name) throws InterruptedException {
            int stages = InputCounts.stageCount(BundledData.read(name));

            Finished finished = replayBundled(UNPACED);
            BatchProcessProgress progress = (BatchProcessProgress) finished.progress(name);

            assertThat(progress.nStages()).isEqualTo(stages);
            assertThat(progress.stage()).isEqualTo(stages);
            assertThat(progress.progress()).isEqualTo(100);
            assertThat(progress.overallProgress()).isEqualTo(100);
            assertThat(progress.complete()).isTrue();
            assertThat(progress.failed()).isFalse();
            assertThat(progress.skipReason()).isNull();
            assertThat(finished.summary().injectedFailures(finished.id(name))).isZero();
        }

        @Test
        void taskFailureShareOne_failsFirstStage() throws InterruptedException {
            Finished finished = replayBundled(UNPACED.withTaskFailureShare(1));
            String name = "1000genome-chameleon-4ch-250k-001.json";
            BatchProcessProgress progress = (BatchProcessProgress) finished.progress(name);

            assertThat(progress.failed()).isTrue();
            assertThat(progress.complete()).isFalse();
            assertThat(progress.stage()).isEqualTo(1);
            assertThat(progress.progress()).isZero();
            assertThat(finished.summary().injectedFailures(finished.id(name))).isEqualTo(1);
        }

        @Test
        void someTaskFailures_stopRunsInAFailedStage() throws InterruptedException {
            Finished finished = replayBundled(UNPACED.withTaskFailureShare(0.02));

            for (String name : BundledData.TRACE_NAMES) {
                BatchProcessProgress progress = (BatchProcessProgress) finished.progress(name);
                int failures = finished.summary().injectedFailures(finished.id(name));

                assertThat(progress.failed()).as(name).isEqualTo(failures == 1);
                assertThat(progress.complete()).as(name).isEqualTo(failures == 0);
            }
        }
    }

    @Nested
    class BundledFacilityLists {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"Indonesia.csv", "Russia.csv"})
        void noInjectedFailures_failsOnlyUngeocoded(String name) throws InterruptedException {
            InputFile file = BundledData.read(name);
            int rows = InputCounts.rowCount(file);
            int ungeocoded = InputCounts.ungeocodedCount(file);

            Finished finished = replayBundled(UNPACED.withFailureShare(0));
            SupplyShedProgress progress = (SupplyShedProgress) finished.progress(name);

            assertThat(progress.total()).isEqualTo(rows);
            assertThat(progress.ungeocoded()).isEqualTo(ungeocoded);
            assertThat(progress.failed()).isEqualTo(ungeocoded);
            assertThat(progress.completed()).isEqualTo(rows - ungeocoded);
            assertThat(progress.queued()).isZero();
            assertThat(progress.preprocessing()).isZero();
            assertThat(progress.processing()).isZero();
            assertThat(progress.complete()).isTrue();
            assertThat(progress.skipReason()).isNull();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"Indonesia.csv", "Russia.csv"})
        void defaultFailureShare_addsInjectedFailures(String name) throws InterruptedException {
            InputFile file = BundledData.read(name);
            int rows = InputCounts.rowCount(file);
            int ungeocoded = InputCounts.ungeocodedCount(file);

            Finished finished = replayBundled(UNPACED);
            SupplyShedProgress progress = (SupplyShedProgress) finished.progress(name);
            int injected = finished.summary().injectedFailures(finished.id(name));

            assertThat(injected).isPositive();
            assertThat(progress.total()).isEqualTo(rows);
            assertThat(progress.ungeocoded()).isEqualTo(ungeocoded);
            assertThat(progress.failed()).isEqualTo(ungeocoded + injected);
            assertThat(progress.completed()).isEqualTo(rows - ungeocoded - injected);
            assertThat(progress.queued() + progress.preprocessing() + progress.processing())
                    .isZero();
            assertThat(progress.complete()).isTrue();
        }

        @Test
        void combinedAnswer_sumsBothLists() throws InterruptedException {
            Finished finished = replayBundled(UNPACED);
            List<String> ids =
                    finished.replay().trackingIds(RunKind.BATCH_SUPPLY_SHED).stream()
                            .map(TrackingId::value)
                            .toList();
            SupplyShedProgress indonesia = (SupplyShedProgress) finished.progress("Indonesia.csv");
            SupplyShedProgress russia = (SupplyShedProgress) finished.progress("Russia.csv");

            SupplyShedProgress combined =
                    (SupplyShedProgress)
                            finished.tracker().progress(CALLER, ProgressQuery.ofTrackingIds(ids));

            assertThat(ids).hasSize(2);
            assertThat(combined.total()).isEqualTo(indonesia.total() + russia.total());
            assertThat(combined.failed()).isEqualTo(indonesia.failed() + russia.failed());
            assertThat(combined.completed()).isEqualTo(indonesia.completed() + russia.completed());
            assertThat(combined.complete()).isTrue();
        }

        @Test
        void concurrency_keepsRestQueued() throws InterruptedException {
            List<SupplyShedProgress> atStart = new ArrayList<>();
            ReplaySettings settings =
                    new ReplaySettings(
                            42, "demo", ReplaySettings.UNPACED, Duration.ofMinutes(1), 0, 0, 10);
            InputFile russia = BundledData.read("Russia.csv");
            int geocoded = InputCounts.rowCount(russia) - InputCounts.ungeocodedCount(russia);
            Replay replay = Replay.prepare(List.of(), List.of(russia), settings, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
            ProgressTracker tracker = ProgressTracker.create(store);
            String id = replay.trackingIds().get(0).value();
            ReplayListener listener =
                    new ReplayListener() {
                        @Override
                        public void reportDue(Duration elapsed) {
                            if (elapsed.isZero()) {
                                atStart.add(
                                        (SupplyShedProgress)
                                                tracker.progress(
                                                        CALLER, ProgressQuery.ofTrackingId(id)));
                            }
                        }
                    };

            replay.run(store, listener);

            assertThat(atStart).hasSize(1);
            assertThat(atStart.get(0).preprocessing()).isEqualTo(10);
            assertThat(atStart.get(0).queued()).isEqualTo(geocoded - 10);
        }
    }

    @Nested
    class Determinism {

        @Test
        void sameSeed_givesSameIdsAndAnswers() throws InterruptedException {
            Finished first = replayBundled(UNPACED);
            Finished second = replayBundled(UNPACED);

            assertThat(second.replay().trackingIds()).isEqualTo(first.replay().trackingIds());
            assertThat(second.summary()).isEqualTo(first.summary());
            for (ReplayRun run : first.replay().runs()) {
                assertThat(second.progress(run.inputName()))
                        .isEqualTo(first.progress(run.inputName()));
            }
        }

        @Test
        void otherSeed_givesOtherTrackingIds() throws InterruptedException {
            Replay first =
                    Replay.prepare(
                            BundledData.traces(), BundledData.facilityLists(), UNPACED, START);
            Replay second =
                    Replay.prepare(
                            BundledData.traces(),
                            BundledData.facilityLists(),
                            UNPACED.withSeed(7),
                            START);

            assertThat(second.trackingIds()).doesNotContainAnyElementsOf(first.trackingIds());
            assertThat(second.runs())
                    .extracting(ReplayRun::filename)
                    .isEqualTo(first.runs().stream().map(ReplayRun::filename).toList());
        }

        @Test
        void addingAFile_leavesOtherRunsUnchanged() throws InterruptedException {
            Finished all = replayBundled(UNPACED);
            Replay indonesiaOnly =
                    Replay.prepare(
                            List.of(), List.of(BundledData.read("Indonesia.csv")), UNPACED, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(indonesiaOnly.clock());
            indonesiaOnly.run(store, ReplayListener.none());

            Progress alone =
                    ProgressTracker.create(store)
                            .progress(
                                    CALLER,
                                    ProgressQuery.ofTrackingId(
                                            indonesiaOnly.trackingIds().get(0).value()));

            assertThat(alone).isEqualTo(all.progress("Indonesia.csv"));
        }
    }

    @Nested
    class Runs {

        @Test
        void runs_recordFilenameAsContentHash() throws InterruptedException {
            Finished finished = replayBundled(UNPACED);
            InputFile russia = BundledData.read("Russia.csv");

            Progress byFilename =
                    finished.tracker()
                            .progress(
                                    CALLER, ProgressQuery.ofFilename(russia.contentHash().value()));

            assertThat(byFilename).isEqualTo(finished.progress("Russia.csv"));
        }

        @Test
        void runs_listTracesThenFacilityLists() {
            Replay replay =
                    Replay.prepare(
                            BundledData.traces(), BundledData.facilityLists(), UNPACED, START);

            assertThat(replay.runs())
                    .extracting(ReplayRun::inputName)
                    .containsExactly(
                            "1000genome-chameleon-4ch-250k-001.json",
                            "montage-chameleon-2mass-01d-001.json",
                            "Indonesia.csv",
                            "Russia.csv");
            assertThat(replay.runs())
                    .extracting(ReplayRun::kind)
                    .containsExactly(
                            RunKind.BATCH_PROCESS,
                            RunKind.BATCH_PROCESS,
                            RunKind.BATCH_SUPPLY_SHED,
                            RunKind.BATCH_SUPPLY_SHED);
            assertThat(replay.runs().get(0).description()).isEqualTo("4 stages, 164 tasks");
            assertThat(replay.trackingIds()).allMatch(TrackingId::canonical);
        }

        @Test
        void sameContentTwice_isRejected() {
            InputFile copy = InputFile.of("copy.csv", BundledData.read("Russia.csv").content());

            assertThatThrownBy(
                            () ->
                                    Replay.prepare(
                                            List.of(),
                                            List.of(BundledData.read("Russia.csv"), copy),
                                            UNPACED,
                                            START))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("copy.csv: ")
                    .hasMessageContaining("same content as Russia.csv");
        }

        @Test
        void secondRun_isRejected() throws InterruptedException {
            Replay replay =
                    Replay.prepare(
                            List.of(), List.of(BundledData.read("Indonesia.csv")), UNPACED, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
            replay.run(store, ReplayListener.none());

            assertThatThrownBy(() -> replay.run(store, ReplayListener.none()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already run");
        }

        @Test
        void clock_showsSimulatedEndAfterRun() throws InterruptedException {
            Finished finished = replayBundled(UNPACED);

            assertThat(finished.replay().clock().instant())
                    .isEqualTo(START.plus(finished.summary().simulatedDuration()));
            assertThat(finished.summary().simulatedDuration()).isGreaterThan(Duration.ofMinutes(5));
        }

        @Test
        void reports_arriveAtEachInterval() throws InterruptedException {
            List<Duration> reports = new ArrayList<>();
            ReplayListener listener =
                    new ReplayListener() {
                        @Override
                        public void reportDue(Duration elapsed) {
                            reports.add(elapsed);
                        }
                    };

            Finished finished = replayBundled(UNPACED, listener);

            long expected = finished.summary().simulatedDuration().toMinutes() + 1;
            assertThat(reports).hasSize((int) expected);
            for (int i = 0; i < reports.size(); i++) {
                assertThat(reports.get(i)).isEqualTo(Duration.ofMinutes(i));
            }
        }
    }

    @Nested
    class Background {

        @Test
        void start_runsToCompletion() throws Exception {
            Replay replay =
                    Replay.prepare(
                            BundledData.traces(), BundledData.facilityLists(), UNPACED, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());

            ReplayHandle handle = replay.start(store, ReplayListener.none());
            ReplaySummary summary = handle.completion().get(30, TimeUnit.SECONDS);

            assertThat(handle.trackingIds()).isEqualTo(replay.trackingIds());
            assertThat(summary.injectedFailures()).containsOnlyKeys(replay.trackingIds());
            Progress russia =
                    ProgressTracker.create(store)
                            .progress(
                                    CALLER,
                                    ProgressQuery.ofTrackingId(
                                            replay.trackingIds().get(3).value()));
            assertThat(russia.complete()).isTrue();
        }

        @Test
        void stop_endsPacedReplay() throws Exception {
            ReplaySettings slow = ReplaySettings.defaults().withSpeed(1);
            Replay replay =
                    Replay.prepare(BundledData.traces(), BundledData.facilityLists(), slow, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());

            ReplayHandle handle = replay.start(store, ReplayListener.none());
            handle.stop();
            CompletableFuture<ReplaySummary> completion = handle.completion();

            assertThatThrownBy(() -> completion.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(CancellationException.class);
            assertThat(handle.completion().isCompletedExceptionally()).isTrue();
        }

        @Test
        void startAfterRun_isRejected() throws InterruptedException {
            Replay replay =
                    Replay.prepare(
                            List.of(), List.of(BundledData.read("Indonesia.csv")), UNPACED, START);
            InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
            replay.run(store, ReplayListener.none());

            assertThatThrownBy(() -> replay.start(store, ReplayListener.none()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
