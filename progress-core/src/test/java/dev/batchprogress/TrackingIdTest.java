package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.TrackingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingIdTest {

    private static final String LOWER = "0x" + "0123456789abcdef".repeat(4);

    @Test
    void canonicalId_comparesIgnoringCase() {
        TrackingId upper = TrackingId.of("0x" + "0123456789ABCDEF".repeat(4));

        assertThat(upper).isEqualTo(TrackingId.of(LOWER));
        assertThat(upper.key()).isEqualTo(LOWER);
        assertThat(upper.value()).isNotEqualTo(LOWER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0X0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
                "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
                "0x０123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                " 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"
            })
    void otherForms_areNotCanonicalAndCompareExactly(String value) {
        TrackingId id = TrackingId.of(value);

        assertThat(id.canonical()).isFalse();
        assertThat(id.key()).isEqualTo(value);
        assertThat(id).isNotEqualTo(TrackingId.of(value.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void echo_cutsToFirst128CodePoints() {
        String astral = "\uD83D\uDE00";

        assertThat(TrackingId.echo("a".repeat(200))).isEqualTo("a".repeat(128));
        assertThat(TrackingId.echo(astral.repeat(130))).isEqualTo(astral.repeat(128));
        assertThat(TrackingId.echo(astral.repeat(100))).isEqualTo(astral.repeat(100));
        assertThat(TrackingId.echo("x".repeat(128))).isEqualTo("x".repeat(128));
    }
}
