package dev.batchprogress.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FacilityListParserTest {

    private static FacilityList parse(String csv) {
        return FacilityListParser.parse(file(csv));
    }

    private static InputFile file(String csv) {
        return InputFile.of("plants.csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Boolean> geocoded(FacilityList list) {
        return list.facilities().stream().map(Facility::geocoded).toList();
    }

    @Nested
    class Coordinates {

        @ParameterizedTest(name = "[{index}] latitude ''{0}'', longitude ''{1}'' -> {2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "1.5 | 2.5 | true",
                    "-6.2 | 106.8 | true",
                    "90 | 180 | true",
                    "-90 | -180 | true",
                    "' 45.0 ' | ' 7 ' | true",
                    "1e1 | 2E1 | true",
                    "'' | '' | false",
                    "'' | 106.8 | false",
                    "-6.2 | '' | false",
                    "abc | 106.8 | false",
                    "-6.2 | 10x | false",
                    "'1,5' | 2 | false",
                    "90.0001 | 0 | false",
                    "-91 | 0 | false",
                    "0 | 180.5 | false",
                    "166.019741 | 55.194489 | false",
                    "NaN | 0 | false",
                    "0 | Infinity | false",
                    "-Infinity | 0 | false",
                    "1e999 | 0 | false",
                    "0x1p3 | 0 | false",
                    "1d | 2f | false",
                })
        void isGeocoded_followsRangeAndNumberRules(
                String latitude, String longitude, boolean expected) {
            assertThat(FacilityListParser.isGeocoded(latitude, longitude)).isEqualTo(expected);
        }

        @Test
        void emptyCoordinates_makeRowUngeocoded() {
            FacilityList list = parse("Name,Latitude,Longitude\nA,1,2\nB,,\nC,,3\n");

            assertThat(geocoded(list)).containsExactly(true, false, false);
            assertThat(list.ungeocodedCount()).isEqualTo(2);
        }

        @Test
        void outOfRangeCoordinates_makeRowUngeocoded() {
            FacilityList list = parse("Latitude,Longitude\n91,0\n0,-181\n45,90\n");

            assertThat(geocoded(list)).containsExactly(false, false, true);
        }

        @Test
        void nonNumericCoordinates_makeRowUngeocoded() {
            FacilityList list = parse("Latitude,Longitude\nnorth,east\n\"1,5\",2\nNaN,1\n3,4\n");

            assertThat(geocoded(list)).containsExactly(false, false, false, true);
        }
    }

    @Nested
    class Format {

        @Test
        void crlfLineEndings_areRead() {
            FacilityList list = parse("Name,Latitude,Longitude\r\nA,1.5,2.5\r\nB,,\r\n");

            assertThat(list.size()).isEqualTo(2);
            assertThat(geocoded(list)).containsExactly(true, false);
        }

        @Test
        void quotedFields_mayHoldCommasAndLineBreaks() {
            FacilityList list =
                    parse("Name,Latitude,Longitude\r\n\"PLTG, Panaran\r\nI\",1,2\r\nB,3,4\r\n");

            assertThat(list.size()).isEqualTo(2);
            assertThat(geocoded(list)).containsExactly(true, true);
        }

        @Test
        void nonAsciiNames_areRead() {
            FacilityList list = parse("Name,Latitude,Longitude\nPLTG – Panaran I,1,104\n");

            assertThat(list.size()).isEqualTo(1);
        }

        @Test
        void byteOrderMark_isSkipped() {
            FacilityList list = parse("\uFEFFLatitude,Longitude\n1,2\n");

            assertThat(geocoded(list)).containsExactly(true);
        }

        @Test
        void headerNames_matchIgnoringCase() {
            FacilityList list = parse("LATITUDE,longitude\n1,2\n");

            assertThat(geocoded(list)).containsExactly(true);
        }

        @Test
        void headerOnly_givesNoFacilities() {
            FacilityList list = parse("Latitude,Longitude\r\n");

            assertThat(list.size()).isZero();
        }

        @Test
        void rowsSharingAnId_areSeparateFacilities() {
            FacilityList list =
                    parse(
                            """
                            Power Plant ID,Name,Latitude,Longitude
                            1000741,Batang Agam I,,
                            1000741,Batang Agam II,,
                            """);

            assertThat(list.size()).isEqualTo(2);
            assertThat(list.facilities())
                    .extracting(Facility::id)
                    .containsExactly("1000741", "1000741");
            assertThat(list.facilities()).extracting(Facility::row).containsExactly(1, 2);
        }

        @Test
        void optionalColumns_areReadWhenPresent() {
            FacilityList list =
                    parse(
                            """
                            Power Plant ID,Fuel,Capacity (MW),Latitude,Longitude
                            7,Coal,18 ,1,2
                            8,Hydro,,1,2
                            9,Wind,unknown,1,2
                            """);

            assertThat(list.facilities())
                    .extracting(Facility::fuel)
                    .containsExactly("Coal", "Hydro", "Wind");
            assertThat(list.facilities())
                    .extracting(Facility::capacityMegawatts)
                    .containsExactly(18.0, null, null);
        }

        @Test
        void missingOptionalColumns_giveEmptyValues() {
            Facility facility = parse("Latitude,Longitude\n1,2\n").facilities().get(0);

            assertThat(facility.id()).isEmpty();
            assertThat(facility.fuel()).isEmpty();
            assertThat(facility.capacityMegawatts()).isNull();
        }
    }

    @Nested
    class Errors {

        @Test
        void missingLatitudeColumn_isRejected() {
            assertThatThrownBy(() -> parse("Name,Lat,Longitude\nA,1,2\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("plants.csv: ")
                    .hasMessageContaining("missing column 'Latitude'")
                    .hasMessageContaining("[Name, Lat, Longitude]");
        }

        @Test
        void missingLongitudeColumn_isRejected() {
            assertThatThrownBy(() -> parse("Latitude\n1\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("missing column 'Longitude'");
        }

        @Test
        void emptyFile_isRejected() {
            assertThatThrownBy(() -> parse(""))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("missing column 'Latitude'");
        }

        @Test
        void rowWithFewerFields_isRejected() {
            assertThatThrownBy(() -> parse("Name,Latitude,Longitude\nA,1,2\nB,1\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("data row 2 has 2 fields; expected 3");
        }

        @Test
        void unterminatedQuote_isRejected() {
            assertThatThrownBy(() -> parse("Name,Latitude,Longitude\n\"A,1,2\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("plants.csv: invalid CSV");
        }

        @Test
        void duplicateHeader_isRejected() {
            assertThatThrownBy(() -> parse("Latitude,Latitude,Longitude\n1,2,3\n"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("invalid header row");
        }

        @Test
        void invalidUtf8_isRejected() {
            byte[] bytes = {'L', 'a', 't', (byte) 0xC3, (byte) 0x28, '\n'};

            assertThatThrownBy(() -> FacilityListParser.parse(InputFile.of("plants.csv", bytes)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not valid UTF-8");
        }
    }

    @Nested
    class BundledLists {

        @Test
        void indonesia_hasOneFacilityPerRow() {
            FacilityList list = FacilityListParser.parse(BundledData.read("Indonesia.csv"));

            assertThat(list.size()).isEqualTo(352);
            assertThat(list.ungeocodedCount()).isEqualTo(161);
        }

        @Test
        void russia_countsOutOfRangeLatitudeAsUngeocoded() {
            FacilityList list = FacilityListParser.parse(BundledData.read("Russia.csv"));

            assertThat(list.size()).isEqualTo(833);
            assertThat(list.ungeocodedCount()).isEqualTo(210);
        }
    }
}
