package dev.batchprogress.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BundledDataTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "1000genome-chameleon-4ch-250k-001.json, 247664,"
                + " c11866bc3ccb0866d33dc839a481ac50e94f7456a633dec33e3c35c97d1312bc",
        "montage-chameleon-2mass-01d-001.json, 203448,"
                + " 0a1073feab3bedfa1727db0e11cb464da65e4fa5349d97c6a5e516c72516c21c",
        "Indonesia.csv, 68316, d4fc62b406966c2a97df974b5447f6ac70acc73aa4d581e129facbb438be1b3f",
        "Russia.csv, 178520, 7485ddf58dba76f30f00ed37c7691ae7e9fa685dae8d3c0782cc41e7476976d4",
    })
    void bundledFile_isUnchangedCopy(String name, int bytes, String sha256) {
        InputFile file = BundledData.read(name);

        assertThat(file.content()).hasSize(bytes);
        assertThat(InputFile.sha256Hex(file.content())).isEqualTo(sha256);
        assertThat(file.contentHash().value()).isEqualTo("0x" + sha256);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"Indonesia.csv", "Russia.csv"})
    void bundledCsv_keepsCrlfLineEndings(String name) {
        String text = new String(BundledData.read(name).content(), StandardCharsets.UTF_8);

        assertThat(text).contains("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void lists_nameTwoTracesAndTwoFacilityLists() {
        assertThat(BundledData.traces())
                .extracting(InputFile::name)
                .containsExactlyElementsOf(BundledData.TRACE_NAMES);
        assertThat(BundledData.facilityLists())
                .extracting(InputFile::name)
                .containsExactlyElementsOf(BundledData.FACILITY_LIST_NAMES);
    }

    @Test
    void unknownName_isRejected() {
        assertThatThrownBy(() -> BundledData.read("missing.csv"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.csv");
    }
}
