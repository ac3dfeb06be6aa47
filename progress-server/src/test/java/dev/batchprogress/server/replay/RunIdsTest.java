package dev.batchprogress.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.model.TrackingId;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    private static final TrackingId FILENAME =
            TrackingId.of("0xd4fc62b406966c2a97df974b5447f6ac70acc73aa4d581e129facbb438be1b3f");

    @Test
    void trackingId_isCanonical() {
        TrackingId id = RunIds.trackingId(FILENAME, 42);

        assertThat(id.canonical()).isTrue();
        assertThat(id.value()).isEqualTo(id.key());
    }

    @Test
    void trackingId_dependsOnlyOnFilenameAndSeed() {
        assertThat(RunIds.trackingId(FILENAME, 42)).isEqualTo(RunIds.trackingId(FILENAME, 42));
        assertThat(RunIds.trackingId(FILENAME, 43)).isNotEqualTo(RunIds.trackingId(FILENAME, 42));
    }

    @Test
    void trackingId_ignoresCaseOfFilename() {
        TrackingId upper =
                TrackingId.of(
                        FILENAME.value().toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"));

        assertThat(RunIds.trackingId(upper, 7)).isEqualTo(RunIds.trackingId(FILENAME, 7));
    }

    @Test
    void randomSeed_isFirst64BitsOfTrackingId() {
        TrackingId id =
                TrackingId.of("0xffffffffffffffff00000000000000000000000000000000000000000000000a");

        assertThat(RunIds.randomSeed(id)).isEqualTo(-1L);
    }
}
