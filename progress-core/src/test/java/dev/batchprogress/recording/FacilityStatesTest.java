package dev.batchprogress.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.Pipeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The facility transition table, spelled out for a pipeline of two flows. */
class FacilityStatesTest {

    private static final Pipeline TWO_FLOWS = Pipeline.stages("two", "detect", "ingest");
    private static final int FLOWS = TWO_FLOWS.size();

    /** Codes in order: queued, flow 1, flow 2, completed, failed, ungeocoded. */
    private static final String[] NAMES = {"Q", "F1", "F2", "C", "X", "U"};

    /**
     * Every allowed move, as "from>to"; every other pair of codes, staying put included, is not a
     * transition.
     */
    private static final List<String> ALLOWED =
            List.of(
                    "Q>F1", "Q>F2", "Q>X", "Q>U", // a queued facility enters any flow, or ends
                    "F1>F2", "F1>X", // a running facility moves forward or fails
                    "F2>C", "F2>X"); // only the last flow completes

    @Test
    void allowed_matchesTheTransitionTable() {
        List<String> allowed = new ArrayList<>();
        for (int from = 0; from < NAMES.length; from++) {
            for (int target = 0; target < NAMES.length; target++) {
                if (FacilityStates.allowed(FLOWS, from, target)) {
                    allowed.add(NAMES[from] + ">" + NAMES[target]);
                }
            }
        }

        assertThat(allowed).containsExactlyElementsOf(ALLOWED);
    }

    @Test
    void endCodes_followTheFlows() {
        assertThat(FacilityStates.QUEUED).isZero();
        assertThat(FacilityStates.completed(FLOWS)).isEqualTo(3);
        assertThat(FacilityStates.failed(FLOWS)).isEqualTo(4);
        assertThat(FacilityStates.ungeocoded(FLOWS)).isEqualTo(5);
    }

    @ParameterizedTest(name = "code {0} is {1}")
    @CsvSource({
        "0, QUEUED",
        "1, flow 1 (detect)",
        "2, flow 2 (ingest)",
        "3, COMPLETED",
        "4, FAILED",
        "5, UNGEOCODED",
        "6, unknown state 6",
        "-1, unknown state -1"
    })
    void name_ofEveryCode(int code, String name) {
        assertThat(FacilityStates.name(TWO_FLOWS, code)).isEqualTo(name);
    }
}
