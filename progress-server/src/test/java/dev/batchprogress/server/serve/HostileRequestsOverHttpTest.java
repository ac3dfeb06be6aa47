package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Sends generated hostile requests, byte by byte, to the standalone server and checks that the
 * whole HTTP stack (Jetty's parser, the JSON error handler, the servlet) answers each with a status
 * of the wire contract and a JSON body: never 500, never HTML, a stack trace, a class name or a
 * token.
 *
 * <p>The requests have odd and malformed methods, request targets with raw control characters,
 * spaces and bytes that are not UTF-8, unknown and malformed HTTP versions, bare line feeds,
 * missing and repeated {@code Host} headers, {@code Authorization} headers that are unknown,
 * malformed, repeated, huge or carry raw non-ASCII and control bytes, header lines without a colon
 * or with a folded continuation, invalid {@code Content-Length} and {@code Transfer-Encoding}
 * values, and bodies. The server stays up, and a valid request succeeds afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsOverHttpTest {

    private static final int EXAMPLES = 800;

    /**
     * Every status the wire contract lets the server send here; 500 and 503 would be faults. 304
     * answers an {@code If-None-Match} that matches, and 429 a caller with too many open streams.
     */
    private static final Set<Integer> STATUSES =
            Set.of(200, 304, 400, 401, 403, 404, 405, 414, 422, 429, 431);

    private static final String UNKNOWN_TOKEN = "guessed-Xk27-secret";
    private static final List<String> TOKENS =
            List.of(TestServer.READER_TOKEN, TestServer.OTHER_ORGANIZATION_TOKEN, UNKNOWN_TOKEN);

    private static final List<String> METHODS =
            List.of(
                    "POST",
                    "PUT",
                    "DELETE",
                    "OPTIONS",
                    "TRACE",
                    "CONNECT",
                    "PATCH",
                    "get",
                    "G3T",
                    "",
                    "GET GET",
                    "M\u00e9THOD",
                    "\u0001GET",
                    "PRI");
    private static final List<String> VERSIONS =
            List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "", "http/1.1", "HTTP/1", "HTTP/9.9");
    private static final List<String> PATHS =
            List.of(
                    "/",
                    "/batch_progress/x",
                    "/batch_progress/",
                    "/batch_progress/%2e%2e/x",
                    "/batch_progress/../x",
                    "//batch_progress",
                    "/batch_progress;a=b",
                    "*",
                    "http://127.0.0.1/batch_progress",
                    "batch_progress",
                    "/%ZZ",
                    "/batch_progress#frag");
    private static final List<String> ODD_HEADERS =
            List.of(
                    "Header without colon",
                    " Folded: continuation",
                    ": no name",
                    "Content-Length: not-a-number",
                    "Content-Length: -1",
                    "Content-Length: 1\r\nContent-Length: 2",
                    "Transfer-Encoding: gzip",
                    "Transfer-Encoding: chunked, identity",
                    "Expect: 100-continue",
                    "Expect: nonsense",
                    "Host: a\r\nHost: b",
                    "Host:",
                    "Host: [::1",
                    "X-Control: a\u0001b",
                    "X-Latin: \u00e9\u00ff",
                    "Upgrade: h2c",
                    "Connection: Upgrade, HTTP2-Settings",
                    "Range: bytes=0-1",
                    "If-None-Match: *",
                    "X-Long: " + "v".repeat(20_000));

    private final ProgressJson json = ProgressJson.create();
    private final List<String> logRecords = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger headRequestLinesRejected = new AtomicInteger();
    private final Handler logCapture =
            new Handler() {
                @Override
                public synchronized void publish(LogRecord record) {
                    logRecords.add(
                            record.getMessage()
                                    + " "
                                    + java.util.Arrays.toString(record.getParameters())
                                    + " "
                                    + record.getThrown());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
    private final Logger rootLogger = Logger.getLogger("");
    private Level rootLevel;
    private TestServer server;
    private List<String> runIds;

    @BeforeAll
    void startServer() throws Exception {
        rootLevel = rootLogger.getLevel();
        rootLogger.setLevel(Level.ALL);
        logCapture.setLevel(Level.ALL);
        rootLogger.addHandler(logCapture);
        server = TestServer.start(TestServer.settings(ReplaySettings.UNPACED).build());
        server.service().replay().orElseThrow().completion().get(30, TimeUnit.SECONDS);
        runIds = new ArrayList<>();
        for (ReplayRun run : server.service().runs()) {
            runIds.add(run.trackingId().value());
            runIds.add(run.filename().value());
        }
    }

    @AfterAll
    void stopServer() {
        server.close();
        rootLogger.removeHandler(logCapture);
        rootLogger.setLevel(rootLevel);
    }

    @Test
    void hostileRequest_getsContractStatusAndJson() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(20)
                .forAll(requests())
                .checkAssert(this::check);

        System.out.println(
                "hostile requests to the server: "
                        + requests.get()
                        + " requests, statuses "
                        + statuses
                        + ", HEAD requests rejected in the request line: "
                        + headRequestLinesRejected.get());
        assertThat(statuses.keySet())
                .as("statuses the generated requests reached")
                .contains(200, 400, 401, 404, 405);
        RawHttp.Response valid =
                RawHttp.get(
                        server.port(),
                        "/batch_progress?tracking_id=" + runIds.get(0),
                        "Authorization: Bearer " + TestServer.READER_TOKEN);
        assertThat(valid.status()).isEqualTo(200);
        synchronized (logCapture) {
            assertThat(logRecords)
                    .as("log records")
                    .allSatisfy(text -> assertThat(text).doesNotContain(TOKENS));
        }
    }

    private void check(RawRequest raw) {
        byte[] request = raw.bytes();
        requests.incrementAndGet();
        RawHttp.Response response = RawHttp.exchange(server.port(), request);
        statuses.merge(response.status(), 1, Integer::sum);
        String head =
                new String(request, 0, Math.min(request.length, 16), StandardCharsets.ISO_8859_1);

        assertThat(response.status()).as("status").isIn(STATUSES);
        assertThat(response.raw())
                .doesNotContain(TOKENS)
                .doesNotContain("<html", "Exception", "at org.", "at dev.", "at java.", "jetty");
        assertThat(response.header("Server")).isEmpty();
        if (response.status() == 304) {
            assertThat(response.body()).as("body of 304").isEmpty();
            return;
        }
        assertThat(response.header("Content-Type")).contains("application/json");
        // Jetty reports a request whose request line it rejected as method BAD, so such a HEAD
        // request gets the body. Jetty has not read its headers either, so it sends no Connection.
        if (head.startsWith("HEAD ")) {
            if (response.body().isEmpty()) {
                return;
            }
            assertThat(response.header("Connection"))
                    .as("Connection header of a HEAD response with a body")
                    .isEmpty();
            headRequestLinesRejected.incrementAndGet();
        }
        if (response.status() == 200) {
            checkAnswer(json.readProgress(response.body()));
        } else if (response.status() == 422) {
            assertThat(json.readValidationErrors(response.body())).isNotEmpty();
        } else {
            assertThat(json.readDetail(response.body())).isNotBlank();
        }
    }

    /** Checks the invariants of a progress answer. */
    private static void checkAnswer(Progress progress) {
        if (progress instanceof SupplyShedProgress shed && shed.skipReason() == null) {
            long open = shed.queued() + shed.preprocessing() + shed.processing();
            assertThat(open + shed.completed() + shed.failed()).isEqualTo(shed.total());
            assertThat(shed.ungeocoded()).isBetween(0L, shed.failed());
            assertThat(shed.complete()).isEqualTo(open == 0);
        } else if (progress instanceof BatchProcessProgress run) {
            assertThat(run.failed() && run.complete()).isFalse();
        }
    }

    private Gen<RawRequest> requests() {
        return source -> new RawRequest(new RequestBuilder(source, runIds).build());
    }

    /** The bytes of one request, printed with control and non-ASCII bytes escaped. */
    private static final class RawRequest {

        private final byte[] bytes;

        RawRequest(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 600); i++) {
                int b = bytes[i] & 0xFF;
                if (b >= 0x20 && b < 0x7F) {
                    text.append((char) b);
                } else {
                    text.append(String.format("\\x%02x", b));
                }
            }
            return text + (bytes.length > 600 ? "… (" + bytes.length + " bytes)" : "");
        }
    }

    /** Draws one raw request from a QuickTheories randomness source, so that it can shrink. */
    private static final class RequestBuilder {

        private final RandomnessSource source;
        private final List<String> runIds;

        /**
         * Whether this request may carry raw control and non-ASCII bytes in its line and headers.
         */
        private boolean rawBytes;

        RequestBuilder(RandomnessSource source, List<String> runIds) {
            this.source = source;
            this.runIds = runIds;
        }

        private int between(int min, int max) {
            return Generate.range(min, max).generate(source);
        }

        private boolean chance(int percent) {
            return between(1, 100) <= percent;
        }

        private <T> T pick(List<T> values) {
            return values.get(between(0, values.size() - 1));
        }

        byte[] build() {
            rawBytes = chance(30);
            String lineEnd = chance(95) ? "\r\n" : "\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            int methodKind = between(1, 100);
            String method;
            if (methodKind <= 70) {
                method = "GET";
            } else if (methodKind <= 80) {
                method = "HEAD";
            } else {
                method = pick(METHODS);
            }
            write(request, method + " ");
            request.writeBytes(target());
            write(request, " " + (chance(85) ? "HTTP/1.1" : pick(VERSIONS)) + lineEnd);

            if (chance(92)) {
                write(request, "Host: 127.0.0.1" + lineEnd);
            }
            if (chance(80)) {
                write(request, authorization() + lineEnd);
            }
            for (int i = between(0, 3); i > 0; i--) {
                if (chance(40)) {
                    write(request, pick(ODD_HEADERS) + lineEnd);
                } else {
                    write(request, "X-Fuzz-" + i + ": " + text(between(0, 60)) + lineEnd);
                }
            }

            String body = chance(10) ? text(between(1, 200)) : "";
            if (!body.isEmpty()) {
                byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
                if (chance(50)) {
                    write(request, "Content-Length: " + bytes.length + lineEnd);
                } else {
                    write(request, "Transfer-Encoding: chunked" + lineEnd);
                    body = Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n";
                }
            }
            write(request, "Connection: close" + lineEnd + lineEnd + body);
            return request.toByteArray();
        }

        private byte[] target() {
            if (chance(15)) {
                return pick(PATHS).getBytes(StandardCharsets.ISO_8859_1);
            }
            if (chance(25)) {
                return ("/batch_progress?tracking_id=" + pick(runIds))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            StringBuilder query = new StringBuilder("/batch_progress");
            if (chance(95)) {
                query.append('?');
            }
            int parameters = chance(90) ? between(0, 4) : between(100, 3000);
            for (int i = 0; i < parameters; i++) {
                if (i > 0) {
                    query.append('&');
                }
                query.append(
                        pick(
                                List.of(
                                        "tracking_id",
                                        "tracking_ids",
                                        "tracking_ids[]",
                                        "filename",
                                        "dummy_data",
                                        "x")));
                query.append('=');
                int value = between(1, 10);
                if (value <= 5) {
                    query.append(pick(runIds));
                } else if (value <= 7) {
                    query.append(pick(List.of("true", "no", "maybe", "", "%zz", "%C3%28", "%00")));
                } else {
                    query.append(text(between(0, 30)));
                }
            }
            if (chance(3)) {
                query.append("&pad=").append("p".repeat(between(120_000, 150_000)));
            }
            return query.toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        private String authorization() {
            List<String> values =
                    List.of(
                            "Authorization: Bearer " + TestServer.READER_TOKEN,
                            "Authorization: Bearer " + TestServer.READER_TOKEN,
                            "Authorization: Bearer " + TestServer.READER_TOKEN,
                            "Authorization: Bearer " + TestServer.OTHER_ORGANIZATION_TOKEN,
                            "Authorization: Bearer " + UNKNOWN_TOKEN,
                            "Authorization: Bearer",
                            "Authorization: Bearer " + TestServer.READER_TOKEN + "\u00ff\u00fe",
                            "Authorization: Bearer " + TestServer.READER_TOKEN + "\u0001",
                            "Authorization: Basic " + TestServer.READER_TOKEN,
                            "Authorization: Bearer a b c",
                            "Authorization: " + "B".repeat(9000),
                            "Authorization: Bearer "
                                    + TestServer.READER_TOKEN
                                    + "\r\nAuthorization: Bearer "
                                    + TestServer.READER_TOKEN);
            return pick(values);
        }

        /**
         * Draws text of single bytes: printable ASCII, and in a request with raw bytes also
         * controls and high bytes.
         */
        private String text(int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int kind = between(1, 10);
                if (kind <= 7 || !rawBytes) {
                    char c = (char) between(0x21, 0x7E);
                    text.append(c == '#' ? '_' : c);
                } else if (kind == 8) {
                    text.append(pick(List.of(' ', '\t', '\u0000', '\u0007', '\u007f', '\r')));
                } else {
                    text.append((char) between(0x80, 0xFF));
                }
            }
            return text.toString();
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
