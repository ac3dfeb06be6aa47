package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.server.replay.ReplaySettings;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status page's files over real HTTP: content types, caching and the security headers. The
 * page's behaviour in a browser is tested by src/test/browser/status_page_test.py.
 */
class StatusPageTest {

    private static final String POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                    + " img-src 'self'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'";

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(TestServer.settings(ReplaySettings.UNPACED).build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "/status, text/html;charset=utf-8",
        "/status/, text/html;charset=utf-8",
        "/status/status.js, text/javascript;charset=utf-8",
        "/status/status.css, text/css;charset=utf-8",
        "/status/favicon.svg, image/svg+xml"
    })
    void file_isServedWithTypeAndHeaders(String target, String contentType) {
        RawHttp.Response response = RawHttp.get(server.port(), target);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").map(StatusPageTest::withoutSpaces))
                .contains(contentType);
        assertThat(response.header("Cache-Control")).contains("no-cache");
        assertThat(response.header("Content-Security-Policy")).contains(POLICY);
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.header("Referrer-Policy")).contains("no-referrer");
        assertThat(response.header("ETag"))
                .hasValueSatisfying(tag -> assertThat(tag).matches("\"[A-Za-z0-9_-]{22}\""));
        assertThat(response.body()).isNotEmpty();
    }

    @Test
    void page_hasNoInlineScriptOrStyle() {
        String page = RawHttp.get(server.port(), "/status").body();

        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(page);
        int count = 0;
        while (scripts.find()) {
            assertThat(scripts.group()).contains("src=\"/status/status.js\"");
            count++;
        }
        assertThat(count).isEqualTo(1);
        assertThat(page).doesNotContain("<style", "style=", "onclick", "javascript:");
    }

    @Test
    void script_writesNoHtmlFromValues() {
        String script = RawHttp.get(server.port(), "/status/status.js").body();

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(");
        assertThat(script).contains("textContent");
    }

    @Test
    void matchingTag_gets304WithoutBody() {
        String tag = RawHttp.get(server.port(), "/status/status.js").header("ETag").orElseThrow();

        RawHttp.Response response =
                RawHttp.get(server.port(), "/status/status.js", "If-None-Match: " + tag);

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("ETag")).contains(tag);
    }

    @Test
    void otherTag_getsTheFile() {
        RawHttp.Response response =
                RawHttp.get(server.port(), "/status/status.js", "If-None-Match: \"other\"");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("EventStreamParser");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/status/other.js", "/status/status.js/x", "/statusx"})
    void unknownFile_gets404Json(String target) {
        RawHttp.Response response = RawHttp.get(server.port(), target);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void post_gets405JsonWithAllow() {
        RawHttp.Response response =
                RawHttp.exchange(
                        server.port(),
                        "POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
        assertThat(response.header("Allow")).contains("GET, HEAD");
    }

    @Test
    void head_getsHeadersWithoutBody() {
        int length =
                RawHttp.get(server.port(), "/status")
                        .body()
                        .getBytes(StandardCharsets.UTF_8)
                        .length;

        RawHttp.Response response =
                RawHttp.exchange(
                        server.port(),
                        "HEAD /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Content-Length")).contains(Integer.toString(length));
    }

    private static String withoutSpaces(String value) {
        return value.replace(" ", "");
    }
}
