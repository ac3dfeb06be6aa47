package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ProgressTrackerTest.MutableClock;
import dev.batchprogress.details.BatchProcessDetails;
import dev.batchprogress.details.Eta;
import dev.batchprogress.details.FacilityCounts;
import dev.batchprogress.details.FlowDetails;
import dev.batchprogress.details.ProgressDetails;
import dev.batchprogress.details.RunDetails;
import dev.batchprogress.details.StageDetails;
import dev.batchprogress.details.SupplyShedDetails;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressTrackerDetailsTest {

    private static final TrackingId BATCH = TrackingId.of("0x" + "11".repeat(32));
    private static final TrackingId SHED = TrackingId.of("0x" + "22".repeat(32));
    private static final TrackingId OTHER_SHED = TrackingId.of("0x" + "33".repeat(32));
    private static final TrackingId GLOBEX_SHED = TrackingId.of("0x" + "44".repeat(32));
    private static final TrackingId FILE = TrackingId.of("0x" + "ff".repeat(32));
    private static final Caller ACME = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final Caller AUDITOR =
            new Caller("aud", "audit", Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS));

    private final MutableClock clock = new MutableClock();
    private final InMemoryRunStore store = InMemoryRunStore.withClock(clock);
    private final ProgressTracker tracker =
            ProgressTracker.builder(store).clock(clock).etaWindow(Duration.ofMinutes(10)).build();

    ProgressTrackerDetailsTest() {
        store.register(
                RunRegistration.batchProcess(BATCH, "acme", Pipeline.BATCH_PROCESS)
                        .withFilename(FILE));
        store.register(RunRegistration.supplyShed(SHED, "acme", Pipeline.SUPPLY_SHED, 10));
        store.register(RunRegistration.supplyShed(OTHER_SHED, "acme", Pipeline.SUPPLY_SHED, 4));
        store.register(RunRegistration.supplyShed(GLOBEX_SHED, "globex", Pipeline.SUPPLY_SHED, 2));
    }

    private ProgressDetails details(Caller caller, ProgressQuery query) {
        return tracker.details(caller, query);
    }

    private RunDetails onlyRun(ProgressQuery query) {
        List<RunDetails> runs = details(ACME, query).runs();
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    @Nested
    class SameAnswerAsProgress {

        @Test
        void progress_equalsProgressAnswer() {
            store.startStage(BATCH, 1);
            store.addTasks(BATCH, 1, 0, 4);
            store.recordTaskOutcome(BATCH, 1, 0, TaskOutcome.SUCCEEDED);
            store.moveFacility(SHED, 0, 1);
            List<ProgressQuery> queries =
                    List.of(
                            ProgressQuery.ofTrackingId(BATCH.value()),
                            ProgressQuery.ofTrackingId(SHED.value()),
                            ProgressQuery.ofFilename(FILE.value()),
                            ProgressQuery.ofTrackingIds(
                                    List.of(SHED.value(), OTHER_SHED.value(), SHED.value())));

            for (ProgressQuery query : queries) {
                assertThat(details(ACME, query).progress())
                        .as("progress of %s", query)
                        .isEqualTo(tracker.progress(ACME, query));
            }
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "none",
                    "both",
                    "missing",
                    "otherOrganization",
                    "notSupplyShed",
                    "badFilename",
                    "dummyData"
                })
        void failures_equalProgressFailures(String name) {
            ProgressQuery query =
                    switch (name) {
                        case "none" -> ProgressQuery.fromParameters(List.of());
                        case "both" ->
                                ProgressQuery.fromParameters(
                                        List.of(
                                                new QueryParameter("tracking_id", "a"),
                                                new QueryParameter("filename", "b")));
                        case "missing" -> ProgressQuery.ofTrackingId("0x" + "99".repeat(32));
                        case "otherOrganization" -> ProgressQuery.ofTrackingId(GLOBEX_SHED.value());
                        case "notSupplyShed" ->
                                ProgressQuery.ofTrackingIds(List.of(SHED.value(), BATCH.value()));
                        case "badFilename" -> ProgressQuery.ofFilename("report.csv");
                        default ->
                                ProgressQuery.fromParameters(
                                        List.of(
                                                new QueryParameter("tracking_id", BATCH.value()),
                                                new QueryParameter("dummy_data", "maybe")));
                    };

            ProgressException fromProgress = failure(() -> tracker.progress(ACME, query));
            ProgressException fromDetails = failure(() -> tracker.details(ACME, query));

            assertThat(fromDetails).isInstanceOf(fromProgress.getClass());
            assertThat(fromDetails.detail()).isEqualTo(fromProgress.detail());
        }

        @Test
        void callerWithoutRead_isDenied() {
            Caller noRead = new Caller("x", "acme", Set.of());

            assertThatThrownBy(
                            () ->
                                    tracker.details(
                                            noRead, ProgressQuery.ofTrackingId(BATCH.value())))
                    .isInstanceOf(PermissionDeniedException.class);
        }

        @Test
        void dummyData_hasNoRuns() {
            ProgressDetails details =
                    details(ACME, ProgressQuery.ofTrackingId(BATCH.value()).withDummyData(true));

            assertThat(details.runs()).isEmpty();
            assertThat(details.progress())
                    .isEqualTo(
                            tracker.progress(
                                    ACME,
                                    ProgressQuery.ofTrackingId(BATCH.value()).withDummyData(true)));
        }

        private ProgressException failure(Supplier<Object> call) {
            Object answer;
            try {
                answer = call.get();
            } catch (ProgressException failure) {
                return failure;
            }
            throw new AssertionError("expected a ProgressException, got " + answer);
        }
    }

    @Nested
    class Breakdown {

        @Test
        void batchProcess_listsEveryStage() {
            store.startStage(BATCH, 1);
            store.addTasks(BATCH, 1, 0, 3);
            store.recordTaskOutcome(BATCH, 1, 0, TaskOutcome.SUCCEEDED);
            store.recordTaskOutcome(BATCH, 1, 1, TaskOutcome.FAILED);

            BatchProcessDetails run =
                    (BatchProcessDetails) onlyRun(ProgressQuery.ofTrackingId(BATCH.value()));

            assertThat(run.trackingId()).isEqualTo(BATCH);
            assertThat(run.pipeline()).isEqualTo("batch_process");
            assertThat(run.stages())
                    .containsExactly(
                            new StageDetails(
                                    1, "start_batch_process", StageStatus.RUNNING, 3, 1, 1),
                            new StageDetails(2, "start_zonal_stats", StageStatus.PENDING, 0, 0, 0),
                            new StageDetails(
                                    3, "ingest_images_orchestration", StageStatus.PENDING, 0, 0, 0),
                            new StageDetails(
                                    4, "orchestrate_ingestion", StageStatus.PENDING, 0, 0, 0));
        }

        @Test
        void supplyShed_countsFacilitiesPerFlowAndState() {
            store.moveFacility(SHED, 0, 1);
            store.moveFacility(SHED, 1, 2);
            store.moveFacility(SHED, 2, 7);
            store.completeFacility(SHED, 2);
            store.failFacility(SHED, 3);
            store.markUngeocoded(SHED, 4);

            SupplyShedDetails run =
                    (SupplyShedDetails) onlyRun(ProgressQuery.ofTrackingId(SHED.value()));

            assertThat(run.facilities()).isEqualTo(new FacilityCounts(10, 5, 1, 2, 1));
            assertThat(run.flows())
                    .containsExactly(
                            new FlowDetails(1, "start_batch_supply_shed", Phase.PREPROCESSING, 1),
                            new FlowDetails(2, "detect_plots", Phase.PREPROCESSING, 1),
                            new FlowDetails(
                                    3, "export_vectors_orchestration", Phase.PREPROCESSING, 0),
                            new FlowDetails(4, "complete_detect_plots", Phase.PREPROCESSING, 0),
                            new FlowDetails(5, "start_zonal_stats", Phase.PROCESSING, 0),
                            new FlowDetails(6, "ingest_images_orchestration", Phase.PROCESSING, 0),
                            new FlowDetails(7, "orchestrate_ingestion", Phase.PROCESSING, 0));
        }

        @Test
        void trackingIds_giveOneBreakdownPerDistinctRun() {
            ProgressDetails details =
                    details(
                            ACME,
                            ProgressQuery.ofTrackingIds(
                                    List.of(OTHER_SHED.value(), SHED.value(), OTHER_SHED.value())));

            assertThat(details.runs())
                    .extracting(RunDetails::trackingId)
                    .containsExactly(OTHER_SHED, SHED);
        }

        @Test
        void filename_breaksDownTheResolvedRun() {
            assertThat(onlyRun(ProgressQuery.ofFilename(FILE.value())).trackingId())
                    .isEqualTo(BATCH);
        }

        @Test
        void elapsed_runsUntilNowWhileInProgress() {
            store.moveFacility(SHED, 0, 1);
            clock.advance(90_000);

            RunDetails run = onlyRun(ProgressQuery.ofTrackingId(SHED.value()));

            assertThat(run.elapsed()).isEqualTo(Duration.ofSeconds(90));
        }

        @Test
        void elapsed_stopsAtTheLastChangeOnceFinished() {
            clock.advance(30_000);
            store.skip(SHED, "low - not processed");
            onlyRun(ProgressQuery.ofTrackingId(SHED.value()));
            clock.advance(600_000);

            RunDetails run = onlyRun(ProgressQuery.ofTrackingId(SHED.value()));

            assertThat(run.elapsed()).isEqualTo(Duration.ofSeconds(30));
            assertThat(run.eta().state()).isEqualTo(Eta.State.FINISHED);
        }
    }

    @Nested
    class Estimate {

        /**
         * Waits a minute, completes one more facility of the 10 of {@link #SHED} and asks at once,
         * so the in-memory store dates the change to that minute.
         */
        private RunDetails completeOneAndAsk(Caller caller, int facility) {
            clock.advance(60_000);
            store.moveFacility(SHED, facility, 7);
            store.completeFacility(SHED, facility);
            return onlyRunOf(caller, ProgressQuery.ofTrackingId(SHED.value()));
        }

        private RunDetails onlyRunOf(Caller caller, ProgressQuery query) {
            return tracker.details(caller, query).runs().get(0);
        }

        @Test
        void firstQuery_isUnknown() {
            clock.advance(60_000);
            store.moveFacility(SHED, 0, 7);

            Eta eta = onlyRun(ProgressQuery.ofTrackingId(SHED.value())).eta();

            assertThat(eta.state()).isEqualTo(Eta.State.UNKNOWN);
            assertThat(eta.method()).isEqualTo("observed completion rate over a sliding window");
        }

        @Test
        void steadyCompletions_giveRangeAroundTheRate() {
            completeOneAndAsk(ACME, 0);
            Eta eta = completeOneAndAsk(ACME, 1).eta();

            // One facility of 10 a minute leaves about 8 minutes.
            assertThat(eta.state()).isEqualTo(Eta.State.ESTIMATED);
            assertThat(eta.earliest()).isLessThan(Duration.ofMinutes(8));
            assertThat(eta.latest()).isGreaterThan(Duration.ofMinutes(8));
            assertThat(eta.window()).isEqualTo(Duration.ofMinutes(10));
        }

        @Test
        void observationsOfOneScope_doNotShapeAnothersEstimate() {
            completeOneAndAsk(ACME, 0);
            completeOneAndAsk(ACME, 1);
            assertThat(completeOneAndAsk(ACME, 2).eta().state()).isEqualTo(Eta.State.ESTIMATED);

            Eta auditors = onlyRunOf(AUDITOR, ProgressQuery.ofTrackingId(SHED.value())).eta();

            assertThat(auditors.state()).isEqualTo(Eta.State.UNKNOWN);
            assertThat(auditors.observations()).isEqualTo(2);
        }

        @Test
        void observationsOlderThanWindow_areDropped() {
            completeOneAndAsk(ACME, 0);
            completeOneAndAsk(ACME, 1);
            clock.advance(Duration.ofMinutes(20).toMillis());

            Eta eta = onlyRun(ProgressQuery.ofTrackingId(SHED.value())).eta();

            assertThat(eta.state()).isEqualTo(Eta.State.UNKNOWN);
            assertThat(eta.observations()).isEqualTo(1);
        }
    }
}
