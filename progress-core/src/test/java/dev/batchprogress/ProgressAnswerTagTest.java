package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressAnswerTagTest {

    private static final TrackingId SHED = TrackingId.of("0x" + "11".repeat(32));
    private static final TrackingId OTHER_SHED = TrackingId.of("0x" + "12".repeat(32));
    private static final TrackingId BATCH = TrackingId.of("0x" + "13".repeat(32));
    private static final Caller ANN = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final Caller BOB = new Caller("bob", "acme", Set.of(Permission.READ));
    private static final Caller AUDITOR =
            new Caller("aud", "audit", Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS));

    private final InMemoryRunStore store = InMemoryRunStore.withClock(InstantSource.system());
    private final ProgressTracker tracker = ProgressTracker.create(store);

    ProgressAnswerTagTest() {
        store.register(RunRegistration.supplyShed(SHED, "acme", Pipeline.SUPPLY_SHED, 10));
        store.register(RunRegistration.supplyShed(OTHER_SHED, "acme", Pipeline.SUPPLY_SHED, 10));
        store.register(RunRegistration.batchProcess(BATCH, "acme", Pipeline.BATCH_PROCESS));
    }

    private String tag(Caller caller, ProgressQuery query) {
        return tracker.answer(caller, query).entityTag();
    }

    @Test
    void sameRunsAtSameVersions_sameTag_forEveryCallerWhoSeesThem() {
        ProgressQuery query = ProgressQuery.ofTrackingId(SHED.value());

        assertThat(tag(ANN, query)).isEqualTo(tag(ANN, query));
        assertThat(tag(BOB, query)).isEqualTo(tag(ANN, query));
        assertThat(tag(AUDITOR, query)).isEqualTo(tag(ANN, query));
    }

    @Test
    void appliedEvent_changesTag_redeliveryDoesNot() {
        ProgressQuery query = ProgressQuery.ofTrackingId(SHED.value());
        String before = tag(ANN, query);

        store.moveFacility(SHED, 0, 1);
        String after = tag(ANN, query);
        store.moveFacility(SHED, 0, 1);

        assertThat(after).isNotEqualTo(before);
        assertThat(tag(ANN, query)).isEqualTo(after);
    }

    @Test
    void changeToAnotherRun_leavesTagAlone() {
        ProgressQuery query = ProgressQuery.ofTrackingId(SHED.value());
        String before = tag(ANN, query);

        store.moveFacility(OTHER_SHED, 0, 1);

        assertThat(tag(ANN, query)).isEqualTo(before);
    }

    @Test
    void queryShapes_overTheSameRun_haveDistinctTags() {
        String one = tag(ANN, ProgressQuery.ofTrackingId(SHED.value()));
        String several = tag(ANN, ProgressQuery.ofTrackingIds(List.of(SHED.value())));
        String byFilename = tag(ANN, ProgressQuery.ofFilename(SHED.value()));

        assertThat(List.of(one, several, byFilename)).doesNotHaveDuplicates();
    }

    @Test
    void severalIds_tagCoversEveryRun_andIgnoresRepeats() {
        ProgressQuery both = ProgressQuery.ofTrackingIds(List.of(SHED.value(), OTHER_SHED.value()));
        ProgressQuery repeated =
                ProgressQuery.ofTrackingIds(
                        List.of(SHED.value(), OTHER_SHED.value(), SHED.value()));
        String before = tag(ANN, both);

        assertThat(tag(ANN, repeated)).isEqualTo(before);
        store.moveFacility(OTHER_SHED, 3, 1);
        assertThat(tag(ANN, both)).isNotEqualTo(before);
    }

    @Test
    void dummyAnswers_haveATagPerShape_thatNoRunChanges() {
        ProgressQuery dummyOne = ProgressQuery.ofTrackingId(SHED.value()).withDummyData(true);
        ProgressQuery dummySeveral =
                ProgressQuery.ofTrackingIds(List.of(SHED.value())).withDummyData(true);
        String one = tag(ANN, dummyOne);

        store.moveFacility(SHED, 0, 1);

        assertThat(tag(ANN, dummyOne)).isEqualTo(one);
        assertThat(tag(ANN, dummySeveral)).isNotEqualTo(one);
        assertThat(tag(ANN, dummyOne))
                .isNotEqualTo(tag(ANN, ProgressQuery.ofTrackingId(SHED.value())));
    }

    @Test
    void tag_isAQuotedStrongEntityTag() {
        assertThat(tag(ANN, ProgressQuery.ofTrackingId(SHED.value())))
                .matches("\"bp1-[A-Za-z0-9_-]{22}\"");
    }

    @Test
    void lastModified_isTheNewestChangeOfTheCoveredRuns_andAbsentForDummyData() {
        ProgressAnswer both =
                tracker.answer(
                        ANN,
                        ProgressQuery.ofTrackingIds(List.of(SHED.value(), OTHER_SHED.value())));
        Instant newest =
                both.runs().stream()
                        .map(run -> run.header().changedAt())
                        .max(Instant::compareTo)
                        .orElseThrow();

        assertThat(both.lastModified()).contains(newest);
        assertThat(
                        tracker.answer(
                                        ANN,
                                        ProgressQuery.ofTrackingId(SHED.value())
                                                .withDummyData(true))
                                .lastModified())
                .isEmpty();
    }

    @Test
    void finished_followsCompletionAndFailure() {
        ProgressQuery shed = ProgressQuery.ofTrackingId(SHED.value());
        ProgressQuery batch = ProgressQuery.ofTrackingId(BATCH.value());
        assertThat(tracker.answer(ANN, shed).finished()).isFalse();
        assertThat(tracker.answer(ANN, batch).finished()).isFalse();

        for (int facility = 0; facility < 10; facility++) {
            store.failFacility(SHED, facility);
        }
        store.startStage(BATCH, 1);
        store.failStage(BATCH, 1);

        assertThat(tracker.answer(ANN, shed).finished()).isTrue();
        assertThat(tracker.answer(ANN, batch).finished()).isTrue();
        assertThat(tracker.answer(ANN, shed.withDummyData(true)).finished()).isTrue();
    }
}
