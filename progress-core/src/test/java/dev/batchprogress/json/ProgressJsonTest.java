package dev.batchprogress.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ValidationError;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressJsonTest {

    private final ProgressJson json = ProgressJson.create();

    @Test
    void batchProcess_roundTrips() {
        Progress progress = new BatchProcessProgress(8, 3, 66, false, false, 33, null);

        assertThat(json.readProgress(json.toJson(progress))).isEqualTo(progress);
    }

    @Test
    void supplyShed_roundTripsWith64BitCounts() {
        long big = 5_000_000_000L;
        Progress progress =
                new SupplyShedProgress(false, big + 3, 1, 2, 0, big, 1, 0, "why; because");

        assertThat(json.readProgress(json.toJson(progress))).isEqualTo(progress);
        assertThat(json.toJson(progress)).contains("\"total_number_of_facilities\":5000000003");
    }

    @Test
    void skipReason_isEscapedAndUtf8Encoded() {
        Progress progress = new BatchProcessProgress(1, 1, 100, false, true, 100, "\"low\" – ✓");

        byte[] bytes = json.toJsonBytes(progress);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"n_stages\":1,\"stage\":1,\"progress\":100,\"failed\":false,"
                                + "\"complete\":true,\"overall_progress\":100,"
                                + "\"skip_reason\":\"\\\"low\\\" – ✓\"}");
    }

    @Test
    void stringError_isDetailObject() {
        assertThat(json.errorJson("No tracking ids provided"))
                .isEqualTo("{\"detail\":\"No tracking ids provided\"}");
        assertThat(json.readDetail("{\"detail\":\"No tracking ids provided\"}"))
                .isEqualTo("No tracking ids provided");
    }

    @Test
    void validationErrors_readBack() {
        String body =
                "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"dummy_data\"],"
                        + "\"msg\":\"Input should be a valid boolean, unable to interpret input\","
                        + "\"input\":\"x\"}]}";

        assertThat(json.readValidationErrors(body))
                .containsExactly(
                        new ValidationError(
                                "bool_parsing",
                                List.of("query", "dummy_data"),
                                "Input should be a valid boolean, unable to interpret input",
                                "x"));
    }

    @Test
    void readProgress_rejectsUnknownMissingAndMistypedFields() {
        String valid =
                "{\"n_stages\":4,\"stage\":2,\"progress\":50,\"failed\":false,"
                        + "\"complete\":false,\"overall_progress\":37,\"skip_reason\":null}";

        assertThat(json.readProgress(valid)).isInstanceOf(BatchProcessProgress.class);
        assertThatThrownBy(() -> json.readProgress(valid.replace("}", ",\"extra\":1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extra");
        assertThatThrownBy(() -> json.readProgress(valid.replace("\"stage\":2,", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stage");
        assertThatThrownBy(() -> json.readProgress(valid.replace("50", "\"50\"")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.readProgress(valid.replace("37", "137")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> json.readProgress("[]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
