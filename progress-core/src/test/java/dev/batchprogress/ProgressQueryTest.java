package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The query value: its factories, equality and the parameters it carries. */
class ProgressQueryTest {

    private static final String RUN = "0x" + "e5".repeat(32);

    @Test
    void sameParameters_makeEqualQueries() {
        ProgressQuery typed = ProgressQuery.ofTrackingId(RUN);
        ProgressQuery decoded =
                ProgressQuery.fromParameters(
                        List.of(new QueryParameter(ProgressQuery.TRACKING_ID, RUN)));

        assertThat(decoded).isEqualTo(typed);
        assertThat(decoded.hashCode()).isEqualTo(typed.hashCode());
    }

    @Test
    void otherParameters_makeOtherQueries() {
        ProgressQuery one = ProgressQuery.ofTrackingId(RUN);

        assertThat(one).isNotEqualTo(ProgressQuery.ofFilename(RUN));
        assertThat(one).isNotEqualTo(ProgressQuery.ofTrackingIds(List.of(RUN)));
        assertThat(one).isNotEqualTo(one.withDummyData(false));
        assertThat(one).isNotEqualTo(RUN);
    }

    @Test
    void undecodableQuery_differsFromAnEmptyOne() {
        ProgressQuery undecodable = ProgressQuery.undecodable();
        ProgressQuery empty = ProgressQuery.fromParameters(List.of());

        assertThat(undecodable.isUndecodable()).isTrue();
        assertThat(undecodable.parameters()).isEmpty();
        assertThat(empty.isUndecodable()).isFalse();
        assertThat(undecodable).isNotEqualTo(empty);
        assertThat(undecodable.hashCode()).isNotEqualTo(empty.hashCode());
    }

    @Test
    void toString_namesTheParameters() {
        assertThat(ProgressQuery.ofTrackingId("x"))
                .hasToString("query [QueryParameter[name=tracking_id, value=x]]");
        assertThat(ProgressQuery.undecodable()).hasToString("undecodable query");
    }

    @Test
    void usesFilename_onlyWithAFilenameParameter() {
        assertThat(ProgressQuery.ofFilename(RUN).usesFilename()).isTrue();
        assertThat(ProgressQuery.ofTrackingId(RUN).usesFilename()).isFalse();
        assertThat(
                        ProgressQuery.fromParameters(
                                        List.of(
                                                new QueryParameter("note", "x"),
                                                new QueryParameter(ProgressQuery.FILENAME, RUN)))
                                .usesFilename())
                .isTrue();
    }

    @Test
    void withDummyData_appendsTheParameter() {
        assertThat(ProgressQuery.ofTrackingId(RUN).withDummyData(true).parameters())
                .containsExactly(
                        new QueryParameter(ProgressQuery.TRACKING_ID, RUN),
                        new QueryParameter(ProgressQuery.DUMMY_DATA, "true"));
    }

    @Test
    void noTrackingIds_makeOneEmptyParameter() {
        assertThat(ProgressQuery.ofTrackingIds(List.of()).parameters())
                .containsExactly(new QueryParameter(ProgressQuery.TRACKING_IDS, ""));
    }
}
