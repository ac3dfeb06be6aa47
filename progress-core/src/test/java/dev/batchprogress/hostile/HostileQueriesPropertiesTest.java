package dev.batchprogress.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.Details;
import dev.batchprogress.ProgressException;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.QueryParameter;
import dev.batchprogress.QueryValidationException;
import dev.batchprogress.RunNotFoundException;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Sends generated hostile queries to the tracker in-process: random names and values, repeats,
 * empty and huge values, control characters, surrogates and ids of every length. Every query either
 * succeeds or throws a {@link ProgressException} whose detail is one of the contract's, and no
 * query changes a run.
 */
class HostileQueriesPropertiesTest {

    private static final String RUN = "0x" + "5a".repeat(32);
    private static final String FOREIGN_RUN = "0x" + "6b".repeat(32);
    private static final Caller CALLER = new Caller("fuzz", "acme", Set.of(Permission.READ));
    private static final Set<String> FIXED_DETAILS =
            Set.of(
                    Details.EXACTLY_ONE_PARAMETER,
                    Details.ALL_SUPPLY_SHED,
                    Details.NO_TRACKING_IDS,
                    Details.FILENAME_NOT_A_HASH,
                    Details.INVALID_QUERY_STRING,
                    Details.providedOnlyOnce("tracking_id"),
                    Details.providedOnlyOnce("filename"));

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final ProgressTracker tracker = ProgressTracker.create(store);

    HostileQueriesPropertiesTest() {
        store.register(
                RunRegistration.supplyShed(TrackingId.of(RUN), "acme", Pipeline.SUPPLY_SHED, 5));
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(FOREIGN_RUN), "globex", Pipeline.SUPPLY_SHED, 5));
        store.moveFacility(TrackingId.of(RUN), 0, 3);
    }

    private static Gen<String> names() {
        Gen<String> known =
                SourceDSL.arbitrary()
                        .pick(
                                List.of(
                                        "tracking_id",
                                        "tracking_ids",
                                        "tracking_ids[]",
                                        "filename",
                                        "dummy_data",
                                        "TRACKING_ID",
                                        ""));
        return known.mix(hostileText(), 30);
    }

    private static Gen<String> values() {
        Gen<String> known =
                SourceDSL.arbitrary()
                        .pick(
                                List.of(
                                        RUN,
                                        RUN.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"),
                                        FOREIGN_RUN,
                                        "",
                                        "true",
                                        "0",
                                        "maybe",
                                        "0x" + "0".repeat(64)));
        return known.mix(hostileText(), 50);
    }

    /**
     * Text of any length up to 3,000 code points, from every plane, control characters included.
     */
    private static Gen<String> hostileText() {
        Gen<String> anyCodePoints =
                SourceDSL.strings().betweenCodePoints(0, 0x10FFFF).ofLengthBetween(0, 40);
        Gen<String> long1 = SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(100, 3000);
        return anyCodePoints.mix(long1, 20);
    }

    private static Gen<List<QueryParameter>> queries() {
        Gen<QueryParameter> parameter = names().zip(values(), QueryParameter::new);
        return SourceDSL.lists().of(parameter).ofSizeBetween(0, 12);
    }

    @Test
    void hostileQuery_answersOrFailsWithContractDetail() {
        RunState before = snapshot(RUN);

        qt().withExamples(2000)
                .forAll(queries())
                .checkAssert(
                        parameters -> {
                            ProgressQuery query = ProgressQuery.fromParameters(parameters);
                            try {
                                Progress answer = tracker.progress(CALLER, query);
                                assertThat(answer).isNotNull();
                            } catch (QueryValidationException invalid) {
                                assertThat(invalid.errors()).hasSize(1);
                                assertThat(invalid.errors().get(0).type())
                                        .isEqualTo("bool_parsing");
                            } catch (RunNotFoundException notFound) {
                                assertThat(notFound.detail())
                                        .startsWith(
                                                "Unable to find any batch runs for tracking_id: ");
                                assertThat(
                                                notFound.trackingId()
                                                        .codePointCount(
                                                                0, notFound.trackingId().length()))
                                        .isLessThanOrEqualTo(TrackingId.MAX_ECHOED_CODE_POINTS);
                            } catch (ProgressException failure) {
                                assertThat(failure.detail())
                                        .satisfiesAnyOf(
                                                detail ->
                                                        assertThat(FIXED_DETAILS).contains(detail),
                                                detail ->
                                                        assertThat(detail)
                                                                .startsWith(
                                                                        "Too many tracking ids: "));
                            }
                        });

        assertThat(snapshot(RUN)).isEqualTo(before);
    }

    @Test
    void foreignRun_isNeverAnswered() {
        qt().withExamples(500)
                .forAll(queries())
                .checkAssert(
                        parameters -> {
                            List<QueryParameter> withForeign = new ArrayList<>(parameters);
                            withForeign.add(new QueryParameter("tracking_id", FOREIGN_RUN));
                            try {
                                tracker.progress(CALLER, ProgressQuery.fromParameters(withForeign));
                                assertThat(withForeign)
                                        .as(
                                                "an answer that names the foreign run must be dummy data")
                                        .anySatisfy(
                                                p -> assertThat(p.name()).isEqualTo("dummy_data"));
                            } catch (ProgressException expected) {
                                assertThat(expected.getMessage()).doesNotContain("globex");
                            }
                        });
    }

    private RunState snapshot(String id) {
        return store.load(VisibilityScope.all(), List.of(TrackingId.of(id))).get(TrackingId.of(id));
    }
}
