package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each parameter check of a progress query, in the order the contract applies them. */
class QueryChecksTest {

    private static final String ORGANIZATION = "acme";
    private static final Caller READER =
            new Caller("analyst", ORGANIZATION, Set.of(Permission.READ));
    private static final String SUPPLY_SHED = "0x" + "a1".repeat(32);
    private static final String OTHER_SUPPLY_SHED = "0x" + "b2".repeat(32);
    private static final String BATCH_PROCESS = "0x" + "c3".repeat(32);
    private static final String FILE = "0x" + "f0".repeat(32);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final ProgressTracker tracker = ProgressTracker.create(store);

    QueryChecksTest() {
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(SUPPLY_SHED), ORGANIZATION, Pipeline.SUPPLY_SHED, 3));
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(OTHER_SUPPLY_SHED), ORGANIZATION, Pipeline.SUPPLY_SHED, 2));
        store.register(
                RunRegistration.batchProcess(
                                TrackingId.of(BATCH_PROCESS), ORGANIZATION, Pipeline.BATCH_PROCESS)
                        .withFilename(TrackingId.of(FILE)));
    }

    private static ProgressQuery query(String... namesAndValues) {
        List<QueryParameter> parameters = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.add(new QueryParameter(namesAndValues[i], namesAndValues[i + 1]));
        }
        return ProgressQuery.fromParameters(parameters);
    }

    private Progress progress(ProgressQuery query) {
        return tracker.progress(READER, query);
    }

    private void assertRejected(
            ProgressQuery query, Class<? extends ProgressException> type, String detail) {
        assertThatThrownBy(() -> progress(query))
                .isInstanceOf(type)
                .extracting(failure -> ((ProgressException) failure).detail())
                .isEqualTo(detail);
    }

    @Nested
    class Permissions {

        @Test
        void callerWithoutRead_isDenied() {
            Caller noRead = new Caller("guest", ORGANIZATION, Set.of());

            assertThatThrownBy(
                            () -> tracker.progress(noRead, ProgressQuery.ofTrackingId(SUPPLY_SHED)))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("Insufficient permissions");
        }

        @Test
        void deniedBeforeAnyOtherCheck() {
            Caller noRead =
                    new Caller("guest", ORGANIZATION, Set.of(Permission.READ_ALL_ORGANIZATIONS));

            assertThatThrownBy(() -> tracker.progress(noRead, ProgressQuery.undecodable()))
                    .isInstanceOf(PermissionDeniedException.class);
        }
    }

    @Nested
    class Decoding {

        @Test
        void undecodableQuery_isInvalid() {
            assertRejected(
                    ProgressQuery.undecodable(),
                    InvalidQueryException.class,
                    "Invalid query string");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "a\nb", "\u007f", "\u0085", "x\ty"})
        void controlCharacterInValue_isInvalid(String value) {
            assertRejected(
                    query("tracking_id", value),
                    InvalidQueryException.class,
                    "Invalid query string");
        }

        @Test
        void controlCharacterInUnknownName_isInvalid() {
            assertRejected(
                    query("x\u0001", "1", "tracking_id", SUPPLY_SHED),
                    InvalidQueryException.class,
                    "Invalid query string");
        }

        @Test
        void decodingCheck_comesBeforeDummyDataCheck() {
            assertRejected(
                    query("dummy_data", "maybe", "tracking_id", "\u0000"),
                    InvalidQueryException.class,
                    "Invalid query string");
        }
    }

    @Nested
    class DummyDataValue {

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "1", "yes", "On", "t", "Y"})
        void trueValues_answerDummyData(String value) {
            Progress answer = progress(query("tracking_id", "unknown", "dummy_data", value));

            assertThat(answer)
                    .isEqualTo(new BatchProcessProgress(4, 2, 50, false, false, 37, null));
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "0", "no", "Off", "f", "N"})
        void falseValues_lookUpTheRun(String value) {
            Progress answer = progress(query("tracking_id", SUPPLY_SHED, "dummy_data", value));

            assertThat(answer).isInstanceOf(SupplyShedProgress.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "maybe", "2", "tru", " true"})
        void invalidValue_failsValidationInFastApiShape(String value) {
            assertThatThrownBy(
                            () -> progress(query("tracking_id", SUPPLY_SHED, "dummy_data", value)))
                    .isInstanceOf(QueryValidationException.class)
                    .extracting(failure -> ((QueryValidationException) failure).errors())
                    .isEqualTo(
                            List.of(
                                    new ValidationError(
                                            "bool_parsing",
                                            List.of("query", "dummy_data"),
                                            "Input should be a valid boolean, unable to interpret input",
                                            value)));
        }

        @Test
        void lastValueCounts() {
            Progress answer =
                    progress(
                            query(
                                    "tracking_id",
                                    "unknown",
                                    "dummy_data",
                                    "no",
                                    "dummy_data",
                                    "yes"));

            assertThat(answer).isInstanceOf(BatchProcessProgress.class);
        }

        @Test
        void invalidLastValue_failsEvenAfterValidOne() {
            assertThatThrownBy(
                            () ->
                                    progress(
                                            query(
                                                    "tracking_id",
                                                    SUPPLY_SHED,
                                                    "dummy_data",
                                                    "1",
                                                    "dummy_data",
                                                    "x")))
                    .isInstanceOf(QueryValidationException.class);
        }

        @Test
        void validationCheck_comesBeforeParameterCountCheck() {
            assertThatThrownBy(() -> progress(query("dummy_data", "x")))
                    .isInstanceOf(QueryValidationException.class);
        }
    }

    @Nested
    class ExactlyOneParameter {

        private static final String DETAIL =
                "Exactly one of filename, tracking_id, or tracking_ids must be provided";

        @Test
        void none_isInvalid() {
            assertRejected(query(), InvalidQueryException.class, DETAIL);
        }

        @Test
        void unknownParametersOnly_isInvalid() {
            assertRejected(query("tracking", SUPPLY_SHED), InvalidQueryException.class, DETAIL);
        }

        @Test
        void trackingIdAndTrackingIds_isInvalid() {
            assertRejected(
                    query("tracking_id", SUPPLY_SHED, "tracking_ids", SUPPLY_SHED),
                    InvalidQueryException.class,
                    DETAIL);
        }

        @Test
        void emptyValueCountsAsPresent() {
            assertRejected(
                    query("tracking_id", SUPPLY_SHED, "filename", ""),
                    InvalidQueryException.class,
                    DETAIL);
        }

        @Test
        void bracketAliasCountsAsTrackingIds() {
            assertRejected(
                    query("filename", FILE, "tracking_ids[]", SUPPLY_SHED),
                    InvalidQueryException.class,
                    DETAIL);
        }

        @Test
        void unknownParametersAreIgnored() {
            Progress answer = progress(query("page", "2", "tracking_id", SUPPLY_SHED, "x", ""));

            assertThat(answer).isInstanceOf(SupplyShedProgress.class);
        }
    }

    @Nested
    class ProvidedOnlyOnce {

        @Test
        void repeatedTrackingId_isInvalid() {
            assertRejected(
                    query("tracking_id", SUPPLY_SHED, "tracking_id", SUPPLY_SHED),
                    InvalidQueryException.class,
                    "tracking_id must be provided only once");
        }

        @Test
        void repeatedFilename_isInvalid() {
            assertRejected(
                    query("filename", FILE, "filename", FILE),
                    InvalidQueryException.class,
                    "filename must be provided only once");
        }

        @Test
        void repeatCheck_comesBeforeFilenameHashCheck() {
            assertRejected(
                    query("filename", "x", "filename", "y"),
                    InvalidQueryException.class,
                    "filename must be provided only once");
        }
    }

    @Nested
    class TrackingIdsList {

        @Test
        void onlyEmptyValues_isInvalid() {
            assertRejected(
                    query("tracking_ids", "", "tracking_ids[]", ""),
                    InvalidQueryException.class,
                    "No tracking ids provided");
        }

        @Test
        void emptyList_isInvalid() {
            assertRejected(
                    ProgressQuery.ofTrackingIds(List.of()),
                    InvalidQueryException.class,
                    "No tracking ids provided");
        }

        @Test
        void emptyValuesAreDropped() {
            Progress answer = progress(query("tracking_ids", "", "tracking_ids", SUPPLY_SHED));

            assertThat(((SupplyShedProgress) answer).total()).isEqualTo(3);
        }

        @Test
        void moreThan1000DistinctIds_isInvalid() {
            List<String> ids = IntStream.range(0, 1001).mapToObj(i -> "id-" + i).toList();

            assertRejected(
                    ProgressQuery.ofTrackingIds(ids),
                    InvalidQueryException.class,
                    "Too many tracking ids: 1001 given, at most 1000 allowed");
        }

        @Test
        void repeatsDoNotCountTowardTheLimit() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                ids.add(
                        i % 2 == 0
                                ? SUPPLY_SHED
                                : SUPPLY_SHED.toUpperCase(Locale.ROOT).replace("0X", "0x"));
            }

            SupplyShedProgress answer =
                    (SupplyShedProgress) progress(ProgressQuery.ofTrackingIds(ids));

            assertThat(answer.total()).isEqualTo(3);
        }

        @Test
        void exactly1000DistinctIds_isLookedUp() {
            List<String> ids = IntStream.range(0, 1000).mapToObj(i -> "id-" + i).toList();

            assertRejected(
                    ProgressQuery.ofTrackingIds(ids),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: id-0");
        }
    }

    @Nested
    class FilenameHash {

        @ParameterizedTest
        @ValueSource(strings = {"", "report.csv", "0x1234", "0x" + "g0" + "ab"})
        void nonCanonicalFilename_isInvalid(String filename) {
            assertRejected(
                    ProgressQuery.ofFilename(filename),
                    InvalidQueryException.class,
                    "The filename is not a valid hash.");
        }

        @Test
        void filenameMatchesAnyCase() {
            Progress answer =
                    progress(
                            ProgressQuery.ofFilename(
                                    FILE.toUpperCase(Locale.ROOT).replace("0X", "0x")));

            assertThat(answer).isInstanceOf(BatchProcessProgress.class);
        }
    }

    @Nested
    class Lookup {

        @Test
        void unknownTrackingId_isNotFound() {
            assertRejected(
                    ProgressQuery.ofTrackingId("nope"),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: nope");
        }

        @Test
        void unknownTrackingIdIsEchoedAsSent_cutTo128CodePoints() {
            String id = "\uD83D\uDE00".repeat(200);

            assertRejected(
                    ProgressQuery.ofTrackingId(id),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: " + "\uD83D\uDE00".repeat(128));
        }

        @Test
        void canonicalIdIsEchoedInItsOriginalCase() {
            String upper = "0x" + "AB".repeat(32);

            assertRejected(
                    ProgressQuery.ofTrackingId(upper),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: " + upper);
        }

        @Test
        void nonCanonicalIdsAreNotTrimmedOrFolded() {
            assertRejected(
                    ProgressQuery.ofTrackingId(" " + SUPPLY_SHED),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id:  " + SUPPLY_SHED);
        }

        @Test
        void firstMissingIdInRequestOrder_isNamed() {
            assertRejected(
                    ProgressQuery.ofTrackingIds(List.of(SUPPLY_SHED, "missing-1", "missing-2")),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: missing-1");
        }

        @Test
        void missingIdBeatsWrongKind() {
            assertRejected(
                    ProgressQuery.ofTrackingIds(List.of(BATCH_PROCESS, "missing")),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: missing");
        }

        @Test
        void batchProcessAmongTrackingIds_isInvalid() {
            assertRejected(
                    ProgressQuery.ofTrackingIds(List.of(SUPPLY_SHED, BATCH_PROCESS)),
                    InvalidQueryException.class,
                    "All tracking ids must be for batch supply shed runs");
        }

        @Test
        void unknownFilename_namesTheFilename() {
            String filename = "0x" + "0e".repeat(32);

            assertRejected(
                    ProgressQuery.ofFilename(filename),
                    RunNotFoundException.class,
                    "Unable to find any batch runs for tracking_id: " + filename);
        }

        @Test
        void filenameThatIsATrackingId_answersThatRun() {
            Progress answer = progress(ProgressQuery.ofFilename(SUPPLY_SHED));

            assertThat(answer).isInstanceOf(SupplyShedProgress.class);
        }

        @Test
        void trackingIdAnswersInItsRunsShape() {
            assertThat(progress(ProgressQuery.ofTrackingId(BATCH_PROCESS)))
                    .isInstanceOf(BatchProcessProgress.class);
            assertThat(progress(ProgressQuery.ofTrackingId(SUPPLY_SHED)))
                    .isInstanceOf(SupplyShedProgress.class);
        }

        @Test
        void trackingIdsCombineDistinctRuns() {
            SupplyShedProgress answer =
                    (SupplyShedProgress)
                            progress(
                                    ProgressQuery.ofTrackingIds(
                                            List.of(SUPPLY_SHED, OTHER_SUPPLY_SHED, SUPPLY_SHED)));

            assertThat(answer.total()).isEqualTo(5);
            assertThat(answer.queued()).isEqualTo(5);
        }
    }
}
