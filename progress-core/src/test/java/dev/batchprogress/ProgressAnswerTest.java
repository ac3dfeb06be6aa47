package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunHeader;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.TrackingId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The entity tag and change time of an answer, from fixed snapshots.
 *
 * <p>Servers that share one database must send the same tag for the same runs at the same versions,
 * and a tag must stay valid across restarts. The tag is therefore a fixed function of the shape and
 * the (id, version) pairs, and the expected tags below were computed apart from this code: the
 * first 16 bytes of SHA-256 over {@code bp1}, the shape's name, {@code d} for a dummy answer, and
 * per run a 4-byte key length, an 8-byte version (both big-endian) and the key, in base64url.
 */
class ProgressAnswerTest {

    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final BatchProcessProgress ANY_PROGRESS =
            new BatchProcessProgress(4, 1, 0, false, false, 0, null);

    private static RunState run(String trackingId, long version, Instant changedAt) {
        RunHeader header =
                new RunHeader(
                        TrackingId.of(trackingId),
                        "acme",
                        null,
                        Pipeline.BATCH_PROCESS,
                        null,
                        version,
                        REGISTERED,
                        changedAt);
        return new BatchProcessState(
                header, Collections.nCopies(Pipeline.BATCH_PROCESS.size(), StageState.PENDING));
    }

    private static ProgressAnswer answer(QueryShape shape, RunState... runs) {
        return new ProgressAnswer(ANY_PROGRESS, List.of(runs), shape);
    }

    @Test
    void dummyAnswer_hasAFixedTag() {
        assertThat(answer(QueryShape.TRACKING_ID).entityTag())
                .isEqualTo("\"bp1-r1S0BB6qFwvYBkxeFbi-ug\"");
    }

    @Test
    void runAnswer_hasAFixedTag() {
        RunState run = run("0x" + "11".repeat(32), 1, REGISTERED);

        assertThat(answer(QueryShape.TRACKING_ID, run).entityTag())
                .isEqualTo("\"bp1-_c93pPvnrfi37mXujUFv6w\"");
    }

    @Test
    void answerOfTwoRuns_hasAFixedTag() {
        RunState first = run("0x" + "11".repeat(32), 1, REGISTERED);
        RunState second = run("0x" + "22".repeat(32), 0, REGISTERED);

        assertThat(answer(QueryShape.TRACKING_IDS, first, second).entityTag())
                .isEqualTo("\"bp1-ukBZm_WmBdF9h0K8MYIXaQ\"");
    }

    @Test
    void upperCaseId_hasTheTagOfItsLowerCaseForm() {
        RunState upper = run("0x" + "AB".repeat(32), 3, REGISTERED);
        RunState lower = run("0x" + "ab".repeat(32), 3, REGISTERED);

        assertThat(answer(QueryShape.TRACKING_ID, upper).entityTag())
                .isEqualTo(answer(QueryShape.TRACKING_ID, lower).entityTag());
    }

    @Test
    void lastModified_isTheNewestChangeInAnyPosition() {
        RunState older = run("0x" + "11".repeat(32), 1, REGISTERED.plusSeconds(10));
        RunState newer = run("0x" + "22".repeat(32), 1, REGISTERED.plusSeconds(20));

        assertThat(answer(QueryShape.TRACKING_IDS, older, newer).lastModified())
                .contains(REGISTERED.plusSeconds(20));
        assertThat(answer(QueryShape.TRACKING_IDS, newer, older).lastModified())
                .contains(REGISTERED.plusSeconds(20));
        assertThat(answer(QueryShape.TRACKING_ID).lastModified()).isEmpty();
    }
}
