package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Reproduces every example payload of the published endpoint description, byte for byte in compact
 * form, from a recorded run state that leads to it. Where the description contradicts its own field
 * table, failed counts include ungeocoded facilities (7, 8 and 5 for the three supply shed
 * examples) and {@code skip_reason} is always present.
 */
class ReferenceExamplesTest {

    private static final Caller CALLER = new Caller("analyst", "acme", Set.of(Permission.READ));
    private static final TrackingId RUN =
            TrackingId.of("0xda47b7f12b109822e2604ebfc1669c514f43d4ae53b85c73e2ff6510127cd2d7");
    private static final String LOW_CONFIDENCE = "low - not processed";

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final ProgressTracker tracker = ProgressTracker.create(store);
    private final ProgressJson json = ProgressJson.create();

    private String answer() {
        return json.toJson(tracker.progress(CALLER, ProgressQuery.ofTrackingId(RUN.value())));
    }

    @Nested
    class BatchProcess {

        private void register() {
            store.register(RunRegistration.batchProcess(RUN, "acme", Pipeline.BATCH_PROCESS));
        }

        private void succeedStages(int stages) {
            for (int stage = 1; stage <= stages; stage++) {
                store.startStage(RUN, stage);
                store.addTasks(RUN, stage, 0, 1);
                store.recordTaskOutcome(RUN, stage, 0, TaskOutcome.SUCCEEDED);
                store.succeedStage(RUN, stage);
            }
        }

        @Test
        void inProgress_halfOfSecondStage() {
            register();
            succeedStages(1);
            store.startStage(RUN, 2);
            store.addTasks(RUN, 2, 0, 2);
            store.recordTaskOutcome(RUN, 2, 0, TaskOutcome.SUCCEEDED);

            assertThat(answer())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":2,\"progress\":50,\"failed\":false,"
                                    + "\"complete\":false,\"overall_progress\":37,\"skip_reason\":null}");
        }

        @Test
        void inProgress_45percentOfSecondStage() {
            register();
            succeedStages(1);
            store.startStage(RUN, 2);
            store.addTasks(RUN, 2, 0, 20);
            for (int task = 0; task < 9; task++) {
                store.recordTaskOutcome(RUN, 2, task, TaskOutcome.SUCCEEDED);
            }

            assertThat(answer())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":2,\"progress\":45,\"failed\":false,"
                                    + "\"complete\":false,\"overall_progress\":36,\"skip_reason\":null}");
        }

        @Test
        void complete_everyStageSucceeded() {
            register();
            succeedStages(4);

            assertThat(answer())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,"
                                    + "\"complete\":true,\"overall_progress\":100,\"skip_reason\":null}");
        }

        @Test
        void skipped_withLowConfidenceReason() {
            register();
            store.skip(RUN, LOW_CONFIDENCE);

            assertThat(answer())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,"
                                    + "\"complete\":true,\"overall_progress\":100,"
                                    + "\"skip_reason\":\"low - not processed\"}");
        }

        @Test
        void failed_inThirdStage() {
            register();
            succeedStages(2);
            store.startStage(RUN, 3);
            store.addTasks(RUN, 3, 0, 4);
            store.recordTaskOutcome(RUN, 3, 0, TaskOutcome.FAILED);
            store.failStage(RUN, 3);

            assertThat(answer())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":3,\"progress\":0,\"failed\":true,"
                                    + "\"complete\":false,\"overall_progress\":50,\"skip_reason\":null}");
        }
    }

    @Nested
    class SupplyShed {

        private void register(int facilities) {
            store.register(
                    RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, facilities));
        }

        /** Moves the queued facilities {@code [from, to)} straight into a flow. */
        private void moveTo(int from, int to, int flow) {
            IntStream.range(from, to).forEach(facility -> store.moveFacility(RUN, facility, flow));
        }

        private void complete(int from, int to) {
            moveTo(from, to, 7);
            IntStream.range(from, to).forEach(facility -> store.completeFacility(RUN, facility));
        }

        private void fail(int from, int to) {
            IntStream.range(from, to).forEach(facility -> store.failFacility(RUN, facility));
        }

        private void ungeocode(int from, int to) {
            IntStream.range(from, to).forEach(facility -> store.markUngeocoded(RUN, facility));
        }

        @Test
        void inProgress_countsFailedWithUngeocoded() {
            register(100);
            ungeocode(0, 5);
            fail(5, 7);
            complete(7, 67);
            moveTo(67, 71, 2);
            moveTo(71, 75, 4);
            moveTo(75, 85, 5);
            moveTo(85, 95, 7);

            assertThat(answer())
                    .isEqualTo(
                            "{\"complete\":false,\"total_number_of_facilities\":100,"
                                    + "\"total_number_of_ungeocoded_facilities\":5,"
                                    + "\"total_number_of_facilities_failed\":7,"
                                    + "\"total_number_of_facilities_completed\":60,"
                                    + "\"total_number_of_facilities_queued\":5,"
                                    + "\"total_number_of_facilities_preprocessing\":8,"
                                    + "\"total_number_of_facilities_processing\":20,"
                                    + "\"skip_reason\":null}");
        }

        @Test
        void complete_countsFailedWithUngeocoded() {
            register(100);
            ungeocode(0, 5);
            moveTo(5, 8, 3);
            fail(5, 8);
            complete(8, 100);

            assertThat(answer())
                    .isEqualTo(
                            "{\"complete\":true,\"total_number_of_facilities\":100,"
                                    + "\"total_number_of_ungeocoded_facilities\":5,"
                                    + "\"total_number_of_facilities_failed\":8,"
                                    + "\"total_number_of_facilities_completed\":92,"
                                    + "\"total_number_of_facilities_queued\":0,"
                                    + "\"total_number_of_facilities_preprocessing\":0,"
                                    + "\"total_number_of_facilities_processing\":0,"
                                    + "\"skip_reason\":null}");
        }

        @Test
        void skipped_reportsOnlyUngeocodedAsFailed() {
            register(100);
            ungeocode(0, 5);
            moveTo(5, 20, 1);
            store.skip(RUN, LOW_CONFIDENCE);

            assertThat(answer())
                    .isEqualTo(
                            "{\"complete\":true,\"total_number_of_facilities\":100,"
                                    + "\"total_number_of_ungeocoded_facilities\":5,"
                                    + "\"total_number_of_facilities_failed\":5,"
                                    + "\"total_number_of_facilities_completed\":0,"
                                    + "\"total_number_of_facilities_queued\":0,"
                                    + "\"total_number_of_facilities_preprocessing\":0,"
                                    + "\"total_number_of_facilities_processing\":0,"
                                    + "\"skip_reason\":\"low - not processed\"}");
        }

        @Test
        void overviewExample_withNothingQueuedOrRunning_isComplete() {
            register(100);
            ungeocode(0, 5);
            fail(5, 8);
            complete(8, 100);

            String answer = answer();

            assertThat(answer).contains("\"complete\":true");
            assertThat(answer).contains("\"total_number_of_facilities_failed\":8");
        }

        @Test
        void combinedIds_answerTheSupplyShedShapeForOneRun() {
            register(2);
            complete(0, 2);

            String combined =
                    json.toJson(
                            tracker.progress(
                                    CALLER, ProgressQuery.ofTrackingIds(List.of(RUN.value()))));

            assertThat(combined).isEqualTo(answer());
        }
    }

    @Nested
    class DummyData {

        @Test
        void trackingId_answersFirstBatchProcessExample() {
            String answer =
                    json.toJson(
                            tracker.progress(
                                    CALLER,
                                    ProgressQuery.ofTrackingId("anything").withDummyData(true)));

            assertThat(answer)
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":2,\"progress\":50,\"failed\":false,"
                                    + "\"complete\":false,\"overall_progress\":37,\"skip_reason\":null}");
        }

        @Test
        void filename_answersFirstBatchProcessExample() {
            String filename = "0x" + "ab".repeat(32);

            String answer =
                    json.toJson(
                            tracker.progress(
                                    CALLER,
                                    ProgressQuery.ofFilename(filename).withDummyData(true)));

            assertThat(answer)
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":2,\"progress\":50,\"failed\":false,"
                                    + "\"complete\":false,\"overall_progress\":37,\"skip_reason\":null}");
        }

        @Test
        void trackingIds_answersInProgressSupplyShedExample() {
            String answer =
                    json.toJson(
                            tracker.progress(
                                    CALLER,
                                    ProgressQuery.ofTrackingIds(List.of("a", "b"))
                                            .withDummyData(true)));

            assertThat(answer)
                    .isEqualTo(
                            "{\"complete\":false,\"total_number_of_facilities\":100,"
                                    + "\"total_number_of_ungeocoded_facilities\":5,"
                                    + "\"total_number_of_facilities_failed\":7,"
                                    + "\"total_number_of_facilities_completed\":60,"
                                    + "\"total_number_of_facilities_queued\":5,"
                                    + "\"total_number_of_facilities_preprocessing\":8,"
                                    + "\"total_number_of_facilities_processing\":20,"
                                    + "\"skip_reason\":null}");
        }
    }
}
