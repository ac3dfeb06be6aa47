package dev.batchprogress.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WatchSettingsTest {

    private static final WatchQuery QUERY = WatchQuery.ofTrackingId("0xabc");

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080, http://127.0.0.1:8080",
        "http://127.0.0.1:8080/, http://127.0.0.1:8080",
        "http://127.0.0.1:8080/batch_progress, http://127.0.0.1:8080",
        "HTTPS://example.org/api/batch_progress/, https://example.org/api",
        "http://[::1]:8080, http://[::1]:8080",
        " http://localhost ,  http://localhost"
    })
    void baseUrl_isNormalized(String text, String expected) {
        assertThat(WatchSettings.parseBaseUrl(text)).isEqualTo(URI.create(expected));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://127.0.0.1",
                "127.0.0.1:8080",
                "http:///batch_progress",
                "http://127.0.0.1:8080?tracking_id=x",
                "http://127.0.0.1#x",
                "http://user:pass@127.0.0.1",
                "http://bad host"
            })
    void invalidBaseUrl_isRejected(String text) {
        assertThatThrownBy(() -> WatchSettings.parseBaseUrl(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a valid server URL (")
                .hasMessageEndingWith("expected a URL such as http://127.0.0.1:8080");
    }

    @Test
    void urls_appendPathsAndQuery() {
        WatchSettings settings =
                WatchSettings.builder(URI.create("http://h:1/api/"), "t", QUERY).build();

        assertThat(settings.pollUrl())
                .isEqualTo(URI.create("http://h:1/api/batch_progress?tracking_id=0xabc"));
        assertThat(settings.streamUrl())
                .isEqualTo(URI.create("http://h:1/api/batch_progress/stream?tracking_id=0xabc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a-b.c_d~e+f/g", "c2VjcmV0==", "x="})
    void token68_isAccepted(String token) {
        WatchSettings settings =
                WatchSettings.builder(URI.create("http://h"), token, QUERY).build();

        assertThat(settings.token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "=abc", "a=b", "line\nbreak", "ümlaut", "==="})
    void invalidToken_isRejectedWithoutShowingIt(String token) {
        assertThatThrownBy(
                        () -> WatchSettings.builder(URI.create("http://h"), token, QUERY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the token is not a valid bearer token; expected letters, digits and"
                                + " - . _ ~ + /, with = only at the end");
    }

    @Test
    void toString_leavesOutToken() {
        WatchSettings settings =
                WatchSettings.builder(URI.create("http://h"), "s3cret", QUERY).build();

        assertThat(settings.toString()).doesNotContain("s3cret").contains("http://h");
    }

    @Test
    void nonPositiveDurations_areRejected() {
        WatchSettings.Builder builder = WatchSettings.builder(URI.create("http://h"), "t", QUERY);

        assertThatThrownBy(() -> builder.interval(Duration.ZERO).build())
                .hasMessage("interval is PT0S; expected a positive duration");
        assertThatThrownBy(
                        () ->
                                builder.interval(Duration.ofSeconds(1))
                                        .timeout(Duration.ofSeconds(-1))
                                        .build())
                .hasMessage("timeout is PT-1S; expected a positive duration");
    }

    @Test
    void query_encodesEveryValueOnce() {
        WatchQuery query = WatchQuery.ofTrackingIds(List.of("a b", "c&d", "ö%"));

        assertThat(query.queryString())
                .isEqualTo("tracking_ids=a+b&tracking_ids=c%26d&tracking_ids=%C3%B6%25");
    }

    @Test
    void query_rejectsEmptyIds() {
        assertThatThrownBy(() -> WatchQuery.ofTrackingIds(List.of()))
                .hasMessage("no tracking id given; expected at least one");
        assertThatThrownBy(() -> WatchQuery.ofTrackingId(""))
                .hasMessage("a tracking id is empty; expected a tracking id");
    }
}
