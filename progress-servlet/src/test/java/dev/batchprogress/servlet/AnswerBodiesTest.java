package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerBodiesTest {

    private final ProgressJson json = ProgressJson.create();
    private final AnswerBodies bodies = new AnswerBodies(json);

    @Test
    void equalAnswers_shareTheBytesOfTheFirstWrite() {
        Progress first = new SupplyShedProgress(false, 10, 1, 2, 3, 4, 1, 0, null);
        Progress equal = new SupplyShedProgress(false, 10, 1, 2, 3, 4, 1, 0, null);

        byte[] written = bodies.of(first);

        assertThat(bodies.of(equal)).isSameAs(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(json.toJson(first));
    }

    @Test
    void answersThatDifferInOneField_getTheirOwnBytes() {
        Progress before = new SupplyShedProgress(false, 10, 1, 2, 3, 4, 1, 0, null);
        Progress after = new SupplyShedProgress(false, 10, 1, 2, 4, 3, 1, 0, null);
        Progress skipped = new BatchProcessProgress(4, 1, 0, false, true, 100, "no input");
        Progress notSkipped = new BatchProcessProgress(4, 1, 0, false, true, 100, null);

        bodies.of(before);
        bodies.of(skipped);

        assertThat(text(bodies.of(after))).isEqualTo(json.toJson(after));
        assertThat(text(bodies.of(notSkipped))).isEqualTo(json.toJson(notSkipped));
        assertThat(text(bodies.of(before))).isEqualTo(json.toJson(before));
        assertThat(text(bodies.of(skipped))).isEqualTo(json.toJson(skipped));
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
