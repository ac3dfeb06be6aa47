package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.QueryParameter;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringDecoderTest {

    private static List<QueryParameter> pairs(String rawQuery) {
        DecodedQuery decoded = QueryStringDecoder.decode(rawQuery);
        assertThat(decoded.query().isUndecodable()).as("undecodable").isFalse();
        return decoded.query().parameters();
    }

    private static QueryParameter pair(String name, String value) {
        return new QueryParameter(name, value);
    }

    @Nested
    class Splitting {

        @Test
        void nullQuery_hasNoParameters() {
            assertThat(QueryStringDecoder.decode(null).query().parameters()).isEmpty();
        }

        @Test
        void emptyQuery_hasNoParameters() {
            assertThat(pairs("")).isEmpty();
        }

        @Test
        void pairs_keepRequestOrderAndRepeats() {
            assertThat(pairs("tracking_ids=b&tracking_ids=a&tracking_ids=b"))
                    .containsExactly(
                            pair("tracking_ids", "b"),
                            pair("tracking_ids", "a"),
                            pair("tracking_ids", "b"));
        }

        @Test
        void nameWithoutEquals_hasEmptyValue() {
            assertThat(pairs("tracking_ids&dummy_data"))
                    .containsExactly(pair("tracking_ids", ""), pair("dummy_data", ""));
        }

        @Test
        void value_isSplitOnFirstEqualsOnly() {
            assertThat(pairs("tracking_id=a=b=")).containsExactly(pair("tracking_id", "a=b="));
        }

        @Test
        void emptyPairs_areSkipped() {
            assertThat(pairs("&&tracking_id=a&&")).containsExactly(pair("tracking_id", "a"));
        }

        @Test
        void emptyName_isKept() {
            assertThat(pairs("=x")).containsExactly(pair("", "x"));
        }

        @Test
        void bracketAlias_isPassedThroughUnchanged() {
            assertThat(pairs("tracking_ids%5B%5D=a&tracking_ids[]=b"))
                    .containsExactly(pair("tracking_ids[]", "a"), pair("tracking_ids[]", "b"));
        }
    }

    @Nested
    class PercentDecoding {

        @Test
        void escapes_decodeToUtf8() {
            assertThat(pairs("tracking_id=%30x%41%c3%a9%E2%82%AC%F0%9F%98%80"))
                    .containsExactly(pair("tracking_id", "0xAé€😀"));
        }

        @Test
        void plus_isSpace_andEscapedPlusIsPlus() {
            assertThat(pairs("tracking_id=a+b%2Bc")).containsExactly(pair("tracking_id", "a b+c"));
        }

        @Test
        void escapes_decodeExactlyOnce() {
            assertThat(pairs("tracking_id=%2530")).containsExactly(pair("tracking_id", "%30"));
        }

        @Test
        void namesAreDecodedToo() {
            assertThat(pairs("tracking%5Fid=a")).containsExactly(pair("tracking_id", "a"));
        }

        @Test
        void unescapedNonAscii_isTakenAsItsCharacters() {
            assertThat(pairs("tracking_id=é😀")).containsExactly(pair("tracking_id", "é😀"));
        }

        @Test
        void escapedReplacementCharacter_isAccepted() {
            assertThat(pairs("tracking_id=%EF%BF%BD"))
                    .containsExactly(pair("tracking_id", "\uFFFD"));
        }

        @Test
        void escapedControlCharacter_isPassedToTheTracker() {
            assertThat(pairs("tracking_id=a%00")).containsExactly(pair("tracking_id", "a\0"));
        }
    }

    @Nested
    class Undecodable {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "tracking_id=%",
                    "tracking_id=%4",
                    "tracking_id=%zz",
                    "tracking_id=%4g",
                    "tracking_id=%+1",
                    "tracking_id=%\uFF10\uFF10",
                    "tracking_id=%C3",
                    "tracking_id=%C3%28",
                    "tracking_id=%FF",
                    "tracking_id=%C0%AF",
                    "tracking_id=%ED%A0%80",
                    "tracking_id=\uFFFD",
                    "tracking_id=\uD800",
                    "%zz=a&tracking_id=b",
                    "tracking_id=a&other=%"
                })
        void brokenEscapeOrBytes_makeWholeQueryUndecodable(String rawQuery) {
            DecodedQuery decoded = QueryStringDecoder.decode(rawQuery);

            assertThat(decoded.query().isUndecodable()).isTrue();
            assertThat(decoded.trackingIds()).isEmpty();
        }
    }

    @Nested
    class Filename {

        @Test
        void filenamePair_isNoted() {
            assertThat(QueryStringDecoder.decode("filename=x").carriesFilename()).isTrue();
        }

        @Test
        void escapedFilenameName_isNoted() {
            assertThat(QueryStringDecoder.decode("file%6Eame=x").carriesFilename()).isTrue();
        }

        @Test
        void filenameInUndecodableQuery_isNoted() {
            DecodedQuery decoded = QueryStringDecoder.decode("filename=%zz");

            assertThat(decoded.query().isUndecodable()).isTrue();
            assertThat(decoded.carriesFilename()).isTrue();
        }

        @Test
        void otherParameters_areNotNoted() {
            assertThat(QueryStringDecoder.decode("tracking_id=filename").carriesFilename())
                    .isFalse();
        }
    }

    @Test
    void trackingIds_listIdParametersForLogs() {
        DecodedQuery decoded =
                QueryStringDecoder.decode(
                        "tracking_id=a&tracking_ids=b&tracking_ids[]=c&filename=d&dummy_data=1");

        assertThat(decoded.trackingIds()).containsExactly("a", "b", "c", "d");
    }
}
