package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edges of the query rules: which characters count as control characters, and the value types
 * of a query.
 */
class QueryRulesTest {

    private static final Caller READER = new Caller("analyst", "acme", Set.of(Permission.READ));
    private static final String RUN = "0x" + "d4".repeat(32);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final ProgressTracker tracker = ProgressTracker.create(store);

    QueryRulesTest() {
        store.register(
                RunRegistration.batchProcess(TrackingId.of(RUN), "acme", Pipeline.BATCH_PROCESS));
    }

    private static ProgressQuery withNote(String note) {
        return ProgressQuery.fromParameters(
                List.of(
                        new QueryParameter(ProgressQuery.TRACKING_ID, RUN),
                        new QueryParameter("note", note)));
    }

    /**
     * The two ranges of ISO control characters, U+0000 to U+001F and U+007F to U+009F, at edges.
     */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0000", "001F", "007F", "0080", "009F"})
    void controlCharacter_makesTheQueryInvalid(String hex) {
        String note = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThatThrownBy(() -> tracker.progress(READER, withNote(note)))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        failure ->
                                assertThat(failure.detail())
                                        .isEqualTo(Details.INVALID_QUERY_STRING));
    }

    /** The neighbours of the control ranges are ordinary characters. */
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0020", "007E", "00A0", "00FF", "FFFD"})
    void characterNextToControlRanges_isAccepted(String hex) {
        String note = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThat(tracker.progress(READER, withNote(note)).complete()).isFalse();
    }

    @Test
    void unknownRun_carriesTheIdAsEchoed() {
        String unknown = "0x" + "e6".repeat(32);

        assertThatThrownBy(() -> tracker.progress(READER, ProgressQuery.ofTrackingId(unknown)))
                .isInstanceOfSatisfying(
                        RunNotFoundException.class,
                        failure -> {
                            assertThat(failure.trackingId()).isEqualTo(unknown);
                            assertThat(failure.detail()).isEqualTo(Details.runNotFound(unknown));
                        });
    }

    @Test
    void progressException_carriesTheDetailAsMessage() {
        assertThatThrownBy(() -> tracker.progress(READER, ProgressQuery.ofTrackingIds(List.of())))
                .isInstanceOfSatisfying(
                        InvalidQueryException.class,
                        failure -> {
                            assertThat(failure.detail()).isEqualTo(Details.NO_TRACKING_IDS);
                            assertThat(failure).hasMessage(Details.NO_TRACKING_IDS);
                        });
    }

    @Test
    void validationException_listsOneBoolParsingError() {
        ProgressQuery query = withNote("x").withDummyData(true);
        ProgressQuery notBoolean =
                ProgressQuery.fromParameters(
                        List.of(
                                new QueryParameter(ProgressQuery.TRACKING_ID, RUN),
                                new QueryParameter(ProgressQuery.DUMMY_DATA, "maybe")));

        assertThat(tracker.progress(READER, query).complete()).isFalse();
        assertThatThrownBy(() -> tracker.progress(READER, notBoolean))
                .isInstanceOfSatisfying(
                        QueryValidationException.class,
                        failure -> {
                            assertThat(failure.errors())
                                    .containsExactly(
                                            new ValidationError(
                                                    "bool_parsing",
                                                    List.of("query", "dummy_data"),
                                                    "Input should be a valid boolean, unable to"
                                                            + " interpret input",
                                                    "maybe"));
                            assertThat(failure.detail())
                                    .isEqualTo(
                                            "Input should be a valid boolean, unable to interpret"
                                                    + " input");
                        });
    }
}
