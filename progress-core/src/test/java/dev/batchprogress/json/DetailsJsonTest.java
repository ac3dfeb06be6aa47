package dev.batchprogress.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.details.BatchProcessDetails;
import dev.batchprogress.details.Eta;
import dev.batchprogress.details.FacilityCounts;
import dev.batchprogress.details.FlowDetails;
import dev.batchprogress.details.ProgressDetails;
import dev.batchprogress.details.StageDetails;
import dev.batchprogress.details.SupplyShedDetails;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Phase;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetailsJsonTest {

    private static final ProgressJson JSON = ProgressJson.create();
    private static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant CHANGED = Instant.parse("2025-01-01T00:09:30.250Z");
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private static final BatchProcessProgress BATCH_PROGRESS =
            new BatchProcessProgress(2, 1, 50, false, false, 25, null);

    private static BatchProcessDetails batchProcess(Eta eta) {
        return new BatchProcessDetails(
                TrackingId.of("0x" + "ab".repeat(32)),
                "two_stages",
                REGISTERED,
                CHANGED,
                Duration.ofMillis(600_999),
                BATCH_PROGRESS,
                List.of(
                        new StageDetails(1, "fetch", StageStatus.RUNNING, 4, 2, 1),
                        new StageDetails(2, "store", StageStatus.PENDING, 0, 0, 0)),
                eta);
    }

    @Test
    void batchProcess_writesStagesAndEstimateInOrder() {
        Eta eta =
                new Eta(
                        Eta.State.ESTIMATED,
                        4,
                        WINDOW,
                        Duration.ofMillis(120_900),
                        Duration.ofMillis(300_100));

        String json =
                JSON.toJson(new ProgressDetails(NOW, BATCH_PROGRESS, List.of(batchProcess(eta))));

        assertThat(json)
                .isEqualTo(
                        "{\"as_of\":\"2025-01-01T00:10:00Z\","
                                + "\"progress\":{\"n_stages\":2,\"stage\":1,\"progress\":50,"
                                + "\"failed\":false,\"complete\":false,\"overall_progress\":25,"
                                + "\"skip_reason\":null},"
                                + "\"runs\":[{\"tracking_id\":\"0x"
                                + "ab".repeat(32)
                                + "\",\"kind\":\"batch_process\",\"pipeline\":\"two_stages\","
                                + "\"registered_at\":\"2025-01-01T00:00:00Z\","
                                + "\"changed_at\":\"2025-01-01T00:09:30.250Z\","
                                + "\"elapsed_seconds\":600,"
                                + "\"progress\":{\"n_stages\":2,\"stage\":1,\"progress\":50,"
                                + "\"failed\":false,\"complete\":false,\"overall_progress\":25,"
                                + "\"skip_reason\":null},"
                                + "\"stages\":["
                                + "{\"stage\":1,\"name\":\"fetch\",\"state\":\"running\","
                                + "\"tasks_total\":4,\"tasks_succeeded\":2,\"tasks_failed\":1},"
                                + "{\"stage\":2,\"name\":\"store\",\"state\":\"pending\","
                                + "\"tasks_total\":0,\"tasks_succeeded\":0,\"tasks_failed\":0}],"
                                + "\"eta\":{\"state\":\"estimated\","
                                + "\"method\":\"observed completion rate over a sliding window\","
                                + "\"window_seconds\":900,\"observations\":4,"
                                + "\"earliest_seconds\":120,\"latest_seconds\":301}}]}");
    }

    @Test
    void unknownEstimate_writesNullBounds() {
        String json =
                JSON.toJson(
                        new ProgressDetails(
                                NOW,
                                BATCH_PROGRESS,
                                List.of(batchProcess(Eta.unknown(1, WINDOW)))));

        assertThat(json)
                .endsWith(
                        "\"eta\":{\"state\":\"unknown\","
                                + "\"method\":\"observed completion rate over a sliding window\","
                                + "\"window_seconds\":900,\"observations\":1,"
                                + "\"earliest_seconds\":null,\"latest_seconds\":null}}]}");
    }

    @Test
    void openEndedEstimate_writesNullLatest() {
        Eta eta = new Eta(Eta.State.ESTIMATED, 3, WINDOW, Duration.ofSeconds(42), null);

        String json =
                JSON.toJson(new ProgressDetails(NOW, BATCH_PROGRESS, List.of(batchProcess(eta))));

        assertThat(json).contains("\"earliest_seconds\":42,\"latest_seconds\":null}");
    }

    @Test
    void supplyShed_writesFacilitiesAndFlows() {
        SupplyShedProgress progress = new SupplyShedProgress(true, 3, 1, 2, 1, 0, 0, 0, null);
        SupplyShedDetails run =
                new SupplyShedDetails(
                        TrackingId.of("shed-1"),
                        "one_flow",
                        REGISTERED,
                        CHANGED,
                        Duration.ofSeconds(570),
                        progress,
                        new FacilityCounts(3, 0, 1, 2, 1),
                        List.of(new FlowDetails(1, "detect", Phase.PREPROCESSING, 0)),
                        Eta.finished(2, WINDOW));

        String json = JSON.toJson(new ProgressDetails(NOW, progress, List.of(run)));

        assertThat(json)
                .endsWith(
                        "\"runs\":[{\"tracking_id\":\"shed-1\",\"kind\":\"batch_supply_shed\","
                                + "\"pipeline\":\"one_flow\","
                                + "\"registered_at\":\"2025-01-01T00:00:00Z\","
                                + "\"changed_at\":\"2025-01-01T00:09:30.250Z\","
                                + "\"elapsed_seconds\":570,"
                                + "\"progress\":{\"complete\":true,"
                                + "\"total_number_of_facilities\":3,"
                                + "\"total_number_of_ungeocoded_facilities\":1,"
                                + "\"total_number_of_facilities_failed\":2,"
                                + "\"total_number_of_facilities_completed\":1,"
                                + "\"total_number_of_facilities_queued\":0,"
                                + "\"total_number_of_facilities_preprocessing\":0,"
                                + "\"total_number_of_facilities_processing\":0,"
                                + "\"skip_reason\":null},"
                                + "\"facilities\":{\"total\":3,\"queued\":0,\"completed\":1,"
                                + "\"failed\":2,\"ungeocoded\":1},"
                                + "\"flows\":[{\"flow\":1,\"name\":\"detect\","
                                + "\"phase\":\"preprocessing\",\"facilities\":0}],"
                                + "\"eta\":{\"state\":\"finished\","
                                + "\"method\":\"observed completion rate over a sliding window\","
                                + "\"window_seconds\":900,\"observations\":2,"
                                + "\"earliest_seconds\":0,\"latest_seconds\":0}}]}");
    }

    @Test
    void progressInsideDetails_isByteForByteTheProgressAnswer() {
        String json =
                JSON.toJson(
                        new ProgressDetails(
                                NOW,
                                BATCH_PROGRESS,
                                List.of(batchProcess(Eta.unknown(0, WINDOW)))));

        assertThat(json).contains("\"progress\":" + JSON.toJson(BATCH_PROGRESS) + ",\"runs\"");
    }
}
