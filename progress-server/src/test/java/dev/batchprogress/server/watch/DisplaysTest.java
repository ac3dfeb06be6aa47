package dev.batchprogress.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.SupplyShedProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplaysTest {

    private static final String RUN =
            "0x3b408d0583992b85f049048189ae6242c959d44651e697d288837b2f376c7cf0";
    private static final BatchProcessProgress RUNNING =
            new BatchProcessProgress(4, 2, 50, false, false, 37, null);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void plainLine_isTimeLabelAndBar() {
        PlainLines lines =
                new PlainLines(
                        new PrintWriter(out),
                        new PrintWriter(err),
                        "progress-server watch: ",
                        Watcher.label(WatchQuery.ofTrackingId(RUN)),
                        InstantSource.fixed(Instant.parse("2026-12-04T19:30:05.678Z")));

        lines.progress(RUNNING);
        lines.notice("polling");

        assertThat(out.toString())
                .isEqualTo(
                        "2026-12-04T19:30:05Z 0x3b408d0583992b85f04..."
                                + " [########................] stage 2/4, 37%"
                                + System.lineSeparator());
        assertThat(err.toString())
                .isEqualTo("progress-server watch: polling" + System.lineSeparator());
    }

    @Test
    void plainLine_isNotRepeated() {
        PlainLines lines =
                new PlainLines(
                        new PrintWriter(out),
                        new PrintWriter(err),
                        "",
                        "run",
                        InstantSource.fixed(Instant.EPOCH));

        lines.progress(new BatchProcessProgress(4, 1, 1, false, false, 0, null));
        lines.progress(new BatchProcessProgress(4, 1, 3, false, false, 0, null));
        lines.progress(new BatchProcessProgress(4, 1, 4, false, false, 1, null));

        assertThat(out.toString().lines())
                .containsExactly(
                        "1970-01-01T00:00:00Z run [........................] stage 1/4, 0%",
                        "1970-01-01T00:00:00Z run [........................] stage 1/4, 1%");
    }

    @Test
    void combinedLabel_countsTrackingIds() {
        assertThat(Watcher.label(WatchQuery.ofTrackingIds(List.of("a", "b", "a"))))
                .isEqualTo("3 tracking ids");
        assertThat(Watcher.label(WatchQuery.ofTrackingIds(List.of("short")))).isEqualTo("short");
    }

    @Test
    void liveBar_isRedrawnInPlaceWithNoticesAbove() {
        LiveBars bars = new LiveBars(new PrintWriter(out), "run");
        SupplyShedProgress done = new SupplyShedProgress(true, 2, 0, 1, 1, 0, 0, 0, null);

        bars.progress(RUNNING);
        bars.notice("stream interrupted\u001B[2J");
        bars.progress(done);

        String bar = "run [########................] stage 2/4, 37%";
        String erase = "\u001B[1A\r\u001B[J";
        assertThat(out.toString())
                .isEqualTo(
                        "\u001B[?7l"
                                + bar
                                + "\n\u001B[?7h"
                                + erase
                                + "stream interrupted?[2J"
                                + System.lineSeparator()
                                + "\u001B[?7l"
                                + bar
                                + "\n\u001B[?7h"
                                + erase
                                + "\u001B[?7lrun [############!!!!!!!!!!!!] 1 completed,"
                                + " 1 failed, 0 in flight, 0 queued of 2, complete\n\u001B[?7h");
    }

    @Test
    void noticeBeforeFirstAnswer_drawsNoBar() {
        LiveBars bars = new LiveBars(new PrintWriter(out), "run");

        bars.notice("reconnecting");

        assertThat(out.toString()).isEqualTo("reconnecting" + System.lineSeparator());
    }
}
