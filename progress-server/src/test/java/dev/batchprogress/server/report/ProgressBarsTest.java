package dev.batchprogress.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.server.data.BundledData;
import dev.batchprogress.server.replay.Replay;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplaySettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

    @Test
    void batchProcessLine_showsStageAndOverallPercent() {
        BatchProcessProgress progress = new BatchProcessProgress(4, 2, 50, false, false, 37, null);

        assertThat(ProgressBars.line("genome", progress))
                .isEqualTo("genome [########................] stage 2/4, 37%");
    }

    @Test
    void failedBatchProcessLine_saysFailed() {
        BatchProcessProgress progress = new BatchProcessProgress(4, 3, 0, true, false, 50, null);

        assertThat(ProgressBars.line("x", progress)).endsWith("stage 3/4, 50%, failed");
    }

    @Test
    void completeBatchProcessLine_isFull() {
        BatchProcessProgress progress = new BatchProcessProgress(8, 8, 100, false, true, 100, null);

        assertThat(ProgressBars.line("x", progress))
                .isEqualTo(
                        "x [" + "#".repeat(ProgressBars.BAR_WIDTH) + "] stage 8/8, 100%, complete");
    }

    @Test
    void supplyShedLine_showsSegmentsInProportion() {
        SupplyShedProgress progress = new SupplyShedProgress(false, 24, 2, 6, 12, 3, 2, 1, null);

        assertThat(ProgressBars.line("list", progress))
                .isEqualTo(
                        "list [############!!!!!!>>>...]"
                                + " 12 completed, 6 failed, 3 in flight, 3 queued of 24");
    }

    @Test
    void emptySupplyShedLine_hasEmptyBar() {
        SupplyShedProgress progress = new SupplyShedProgress(true, 0, 0, 0, 0, 0, 0, 0, null);

        assertThat(ProgressBars.line("none", progress))
                .startsWith("none [" + ".".repeat(ProgressBars.BAR_WIDTH) + "]");
    }

    @Test
    void bars_areRedrawnInPlaceAroundReport() throws InterruptedException {
        Replay replay =
                Replay.prepare(
                        BundledData.traces(),
                        List.of(BundledData.read("Indonesia.csv")),
                        ReplaySettings.defaults().withSpeed(ReplaySettings.UNPACED),
                        Instant.EPOCH);
        InMemoryRunStore store = InMemoryRunStore.withClock(replay.clock());
        ProgressTracker tracker = ProgressTracker.create(store);
        Caller caller = new Caller("test", "demo", Set.of(Permission.READ));
        StringWriter out = new StringWriter();
        StringWriter terminal = new StringWriter();
        ReplayListener report =
                new ProgressReport(tracker, caller, replay.runs(), new PrintWriter(out));
        // A clock that never advances keeps the bars from redrawing between reports.
        ProgressBars bars =
                new ProgressBars(
                        report, tracker, caller, replay.runs(), new PrintWriter(terminal), () -> 0);

        replay.run(store, bars);

        String drawn = terminal.toString();
        assertThat(out.toString()).doesNotContain("\u001B");
        assertThat(drawn).startsWith("\u001B[?7l1000genome-chameleon-... [");
        assertThat(drawn).contains("\nmontage-chameleon-2ma... [");
        assertThat(drawn).contains("\nIndonesia.csv" + " ".repeat(11) + " [");
        assertThat(drawn).contains("\u001B[3A\r\u001B[J");
        assertThat(drawn).endsWith("0 in flight, 0 queued of 352, complete\n\u001B[?7h");
    }
}
