package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.GLOBEX_TOKEN;
import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.OPERATOR_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.batchprogress.PermissionDeniedException;
import dev.batchprogress.ProgressAnswer;
import dev.batchprogress.ProgressException;
import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.ProgressUnavailableException;
import dev.batchprogress.QueryParameter;
import dev.batchprogress.QueryValidationException;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Sends generated hostile requests to the servlet on Jetty over a raw socket, and checks each
 * response against the tracker called in-process with the parameters the request encodes: the same
 * status and the same body, byte for byte.
 *
 * <p>The requests have random parameter names and values from every Unicode plane, control
 * characters included, repeats and empty values, values of up to 60,000 characters, up to 5,000
 * parameters, ids of every length, several percent-encodings (upper- and lower-case hex digits,
 * {@code +} for a space, raw UTF-8), broken {@code %} escapes and escaped bytes that are not UTF-8,
 * odd methods, and {@code Authorization} headers that are missing, unknown, malformed or repeated.
 * No response is a 500, carries a stack trace or class name, or names a token; no log record names
 * a token; no request without a reader's credentials loads anything; and the server answers a valid
 * request afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileQueriesOverHttpTest {

    /** Generated requests per run; each is one connection to Jetty. */
    private static final int EXAMPLES = 1500;

    /**
     * The maximum length of a request target, below the harness's limit of request line and
     * headers.
     */
    private static final int MAX_TARGET_BYTES = JettyHarness.REQUEST_HEADER_SIZE - 8 * 1024;

    private static final String ACME_RUN = id(1);
    private static final String ACME_SHED = id(2);
    private static final String ACME_FILE = id(3);
    private static final String GLOBEX_SHED = id(4);
    private static final String UNKNOWN_TOKEN = "guessed-Zq81-secret";
    private static final List<String> TOKENS =
            List.of(READER_TOKEN, GLOBEX_TOKEN, OPERATOR_TOKEN, NO_READ_TOKEN, UNKNOWN_TOKEN);
    private static final List<String> NAMES =
            List.of(
                    "tracking_id",
                    "tracking_ids",
                    "tracking_ids[]",
                    "filename",
                    "dummy_data",
                    "Tracking_Id",
                    "tracking_id ",
                    "");
    private static final List<String> IDS =
            List.of(
                    ACME_RUN,
                    ACME_SHED,
                    ACME_FILE,
                    GLOBEX_SHED,
                    ACME_SHED.toUpperCase(Locale.ROOT).replace("0X", "0x"),
                    " " + ACME_RUN,
                    ACME_RUN.substring(0, 65),
                    ACME_RUN + "0",
                    "",
                    "true",
                    "No",
                    "off",
                    "maybe",
                    "0x",
                    "\u0000",
                    "a\u0085b",
                    "\uD83D\uDE00",
                    "\uFFFD");
    private static final List<String> ODD_METHODS =
            List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PROPFIND", "get");

    /** Endings that make an element undecodable: broken escapes and escaped non-UTF-8 bytes. */
    private static final List<String> BREAKAGES =
            List.of(
                    "%",
                    "%4",
                    "%G1",
                    "%%",
                    "%FF",
                    "%C3%28",
                    "%E2%82",
                    "%ED%A0%80",
                    "%C0%AF",
                    "%F4%90%80%80",
                    "%c3");

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final Sources.Counting source = new Sources.Counting(store);
    private final ProgressTracker oracle = ProgressTracker.create(store);
    private final ProgressJson json = ProgressJson.create();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final AtomicInteger undecodable = new AtomicInteger();
    private JettyHarness server;
    private LogCapture logs;

    /** An {@code Authorization} header as sent, and the caller it authenticates, if any. */
    private record Credentials(String label, List<String> headers, @Nullable Caller caller) {}

    private static final List<Credentials> CREDENTIALS =
            List.of(
                    new Credentials("reader", List.of(bearer(READER_TOKEN)), Fixtures.READER),
                    new Credentials(
                            "reader, lower-case scheme",
                            List.of("Authorization: bearer " + READER_TOKEN),
                            Fixtures.READER),
                    new Credentials(
                            "reader, three spaces",
                            List.of("Authorization: Bearer   " + READER_TOKEN),
                            Fixtures.READER),
                    new Credentials("operator", List.of(bearer(OPERATOR_TOKEN)), Fixtures.OPERATOR),
                    new Credentials(
                            "globex", List.of(bearer(GLOBEX_TOKEN)), Fixtures.GLOBEX_READER),
                    new Credentials("no read", List.of(bearer(NO_READ_TOKEN)), Fixtures.NO_READ),
                    new Credentials("none", List.of(), null),
                    new Credentials("unknown", List.of(bearer(UNKNOWN_TOKEN)), null),
                    new Credentials(
                            "twice", List.of(bearer(READER_TOKEN), bearer(READER_TOKEN)), null),
                    new Credentials("no token", List.of("Authorization: Bearer"), null),
                    new Credentials(
                            "two words",
                            List.of("Authorization: Bearer " + READER_TOKEN + " x"),
                            null),
                    new Credentials("basic", List.of("Authorization: Basic " + READER_TOKEN), null),
                    new Credentials(
                            "quoted",
                            List.of("Authorization: Bearer \"" + READER_TOKEN + "\""),
                            null),
                    new Credentials(
                            "no space", List.of("Authorization: Bearer" + READER_TOKEN), null),
                    new Credentials(
                            "comma",
                            List.of("Authorization: Bearer " + READER_TOKEN + ", Basic x"),
                            null),
                    new Credentials(
                            "non-ASCII",
                            List.of("Authorization: Bearer " + READER_TOKEN + "\u00ff"),
                            null),
                    new Credentials(
                            "huge", List.of("Authorization: Bearer " + "A".repeat(6000)), null),
                    new Credentials("empty", List.of("Authorization:"), null),
                    new Credentials("padding only", List.of("Authorization: Bearer ===="), null));

    /**
     * One generated request: its method, credentials and query string, whose bytes are the
     * ISO-8859-1 characters of {@code rawQuery}.
     */
    private record HostileRequest(
            String method,
            Credentials credentials,
            String rawQuery,
            List<QueryParameter> parameters,
            boolean undecodable,
            boolean carriesFilename) {

        @Override
        public String toString() {
            String query = rawQuery;
            return method
                    + " ?"
                    + (query.length() > 400
                            ? query.substring(0, 400) + "… (" + query.length() + " bytes)"
                            : query)
                    + " with credentials "
                    + credentials.label();
        }
    }

    @BeforeAll
    void startServer() {
        store.register(
                RunRegistration.batchProcess(
                                TrackingId.of(ACME_RUN), Fixtures.ACME, Pipeline.BATCH_PROCESS)
                        .withFilename(TrackingId.of(ACME_FILE)));
        store.startStage(TrackingId.of(ACME_RUN), 1);
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(ACME_SHED), Fixtures.ACME, Pipeline.SUPPLY_SHED, 5));
        store.moveFacility(TrackingId.of(ACME_SHED), 1, 5);
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(GLOBEX_SHED), Fixtures.GLOBEX, Pipeline.SUPPLY_SHED, 2));
        logs = LogCapture.start();
        server = JettyHarness.serveSource(source);
    }

    @AfterAll
    void stopServer() {
        server.close();
        logs.close();
    }

    @Test
    void hostileRequest_answersAsTheTrackerDoes() {
        qt().withExamples(EXAMPLES)
                .withShrinkCycles(20)
                .forAll(requests())
                .checkAssert(this::check);

        // QuickTheories skips a generated value it has tried already, so a few examples repeat.
        assertThat(requests.get()).isGreaterThan(EXAMPLES * 9 / 10);
        System.out.println(
                "hostile queries over HTTP: "
                        + requests.get()
                        + " requests, statuses "
                        + statuses
                        + ", "
                        + undecodable.get()
                        + " answered Invalid query string");
        assertThat(statuses.keySet())
                .as("statuses the generated requests reached")
                .contains(200, 400, 401, 403, 405, 422);
        assertThat(undecodable.get())
                .as("undecodable queries answered")
                .isGreaterThan(EXAMPLES / 50);
        RawHttp.Response valid =
                RawHttp.send(
                        server.port(),
                        "GET",
                        "/batch_progress?tracking_id=" + ACME_SHED,
                        bearer(READER_TOKEN));
        assertThat(valid.status()).isEqualTo(200);
        assertThat(logs.texts())
                .as("log records")
                .allSatisfy(text -> assertThat(text).doesNotContain(TOKENS));
    }

    private void check(HostileRequest request) {
        requests.incrementAndGet();
        int loadsBefore = source.calls();
        byte[] target = target(request.rawQuery());
        RawHttp.Response response =
                RawHttp.send(
                        server.port(),
                        request.method(),
                        target,
                        request.credentials().headers().toArray(String[]::new));
        int loads = source.calls() - loadsBefore;
        Expected expected = expected(request);
        statuses.merge(response.status(), 1, Integer::sum);
        if (expected.body().equals(json.errorJson("Invalid query string"))) {
            undecodable.incrementAndGet();
        }

        assertThat(response.status()).as("status").isEqualTo(expected.status());
        if (request.method().equals("HEAD")) {
            assertThat(response.body()).as("body of HEAD").isEmpty();
        } else {
            assertThat(response.bodyText()).as("body").isEqualTo(expected.body());
        }
        assertThat(response.header("Content-Type")).contains("application/json");
        assertThat(response.header("Cache-Control"))
                .contains(expected.status() == 200 ? "private, no-cache" : "no-store");
        assertThat(response.header("Deprecation").isPresent())
                .as("Deprecation header")
                .isEqualTo(request.carriesFilename());
        assertThat(response.raw())
                .doesNotContain(TOKENS)
                .doesNotContain("Exception")
                .doesNotContain("dev.batchprogress")
                .doesNotContain("at java.");
        if (expected.status() == 401 || expected.status() == 403 || expected.status() == 405) {
            assertThat(loads).as("source loads").isZero();
        }
    }

    /** The status and body that the contract's checks, in their order, give for a request. */
    private record Expected(int status, String body) {}

    private Expected expected(HostileRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new Expected(405, json.errorJson("Method Not Allowed"));
        }
        Caller caller = request.credentials().caller();
        if (caller == null) {
            return new Expected(401, json.errorJson("Not authenticated"));
        }
        ProgressQuery query =
                request.undecodable()
                        ? ProgressQuery.undecodable()
                        : ProgressQuery.fromParameters(request.parameters());
        try {
            ProgressAnswer answer = oracle.answer(caller, query);
            return new Expected(200, json.toJson(answer.progress()));
        } catch (PermissionDeniedException denied) {
            return new Expected(403, json.errorJson(denied));
        } catch (QueryValidationException invalid) {
            return new Expected(422, json.errorJson(invalid));
        } catch (ProgressUnavailableException unavailable) {
            return new Expected(503, json.errorJson(unavailable));
        } catch (ProgressException rejected) {
            return new Expected(400, json.errorJson(rejected));
        }
    }

    private static byte[] target(String rawQuery) {
        return ("/batch_progress?" + rawQuery).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Gen<HostileRequest> requests() {
        return source -> new Builder(source).build();
    }

    /** Draws one request from a QuickTheories randomness source, so that it can shrink. */
    private static final class Builder {

        private final RandomnessSource source;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private final List<QueryParameter> parameters = new ArrayList<>();
        private boolean undecodable;
        private boolean carriesFilename;

        Builder(RandomnessSource source) {
            this.source = source;
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

        HostileRequest build() {
            int methodKind = between(1, 100);
            String method;
            if (methodKind <= 85) {
                method = "GET";
            } else if (methodKind <= 93) {
                method = "HEAD";
            } else {
                method = pick(ODD_METHODS);
            }
            Credentials credentials =
                    chance(50) ? CREDENTIALS.get(between(0, 3)) : pick(CREDENTIALS);
            int shape = between(1, 10);
            if (shape <= 4) {
                // Close to a valid query: one or two known parameters among some noise.
                int known = chance(75) ? 1 : 2;
                for (int i = 0; i < known; i++) {
                    addElement(pick(NAMES.subList(0, 5)), pick(IDS), false);
                }
                for (int i = between(0, 2); i > 0; i--) {
                    addElement(text(true), text(false), chance(5));
                }
            } else {
                int count =
                        shape <= 7
                                ? between(0, 8)
                                : shape <= 9 ? between(50, 400) : between(1000, 5000);
                boolean many = count > 100;
                for (int i = 0; i < count && raw.size() < MAX_TARGET_BYTES - 256; i++) {
                    addElement(
                            many ? pick(NAMES) : text(true),
                            many ? pick(IDS) : text(false),
                            !many && chance(8));
                }
            }
            if (raw.size() > MAX_TARGET_BYTES) {
                throw new IllegalStateException("target too long: " + raw.size());
            }
            return new HostileRequest(
                    method,
                    credentials,
                    raw.toString(StandardCharsets.ISO_8859_1),
                    List.copyOf(parameters),
                    undecodable,
                    carriesFilename);
        }

        /**
         * Appends one {@code name=value} element to the raw query: mostly as given, sometimes empty
         * or without {@code =}, and broken when asked.
         */
        private void addElement(String name, String value, boolean broken) {
            if (raw.size() > 0) {
                raw.write('&');
            }
            if (chance(3)) {
                return;
            }

            boolean hasEquals = !chance(5);
            if (!hasEquals) {
                value = "";
            }
            int budget = MAX_TARGET_BYTES - raw.size() - 64;
            Encoding encoding = pick(List.of(Encoding.values()));
            byte[] encodedName = encoding.encode(name);
            byte[] encodedValue = encoding.encode(value);
            if (encodedName.length + encodedValue.length > budget) {
                encodedName = Encoding.ESCAPED.encode("x");
                encodedValue = new byte[0];
                name = "x";
                value = "";
            }
            if (encodedName.length == 0 && !hasEquals) {
                // An empty element, which the servlet skips.
                return;
            }
            if (encoding == Encoding.RAW_UTF8
                    && (name.indexOf(0xFFFD) >= 0 || value.indexOf(0xFFFD) >= 0)) {
                // Jetty puts U+FFFD in place of bytes that are not UTF-8, so the servlet takes a
                // raw U+FFFD as such a byte. A client that means the character sends it escaped.
                undecodable = true;
            }

            boolean breakName = false;
            boolean breakValue = false;
            if (broken) {
                breakName = hasEquals ? chance(30) : true;
                breakValue = !breakName;
                undecodable = true;
            }

            raw.writeBytes(encodedName);
            boolean rawReplacementInName =
                    encoding == Encoding.RAW_UTF8 && name.indexOf(0xFFFD) >= 0;
            if (breakName) {
                raw.writeBytes(breakage());
            } else if (name.equals("filename") && !rawReplacementInName) {
                carriesFilename = true;
            }
            if (hasEquals) {
                raw.write('=');
                raw.writeBytes(encodedValue);
                if (breakValue) {
                    raw.writeBytes(breakage());
                }
            }
            parameters.add(new QueryParameter(name, value));
        }

        private byte[] breakage() {
            if (chance(15)) {
                // A raw byte that is not UTF-8, which Jetty turns into U+FFFD.
                int notUtf8 = pick(List.of(0xFF, 0xC3, 0x80, 0xFE));
                return new byte[] {(byte) notUtf8};
            }
            return pick(BREAKAGES).getBytes(StandardCharsets.US_ASCII);
        }

        /** Draws a name or value: a known one, text from every plane, a huge one or a near id. */
        private String text(boolean name) {
            int kind = between(1, 10);
            if (kind <= 4) {
                return name ? pick(NAMES) : pick(IDS);
            }
            if (kind <= 8) {
                StringBuilder text = new StringBuilder();
                int length = between(0, 40);
                for (int i = 0; i < length; i++) {
                    int codePoint = codePoint();
                    text.appendCodePoint(codePoint);
                }
                return text.toString();
            }
            if (kind == 9) {
                int length = between(100, 60_000);
                return "0x" + "a".repeat(length);
            }
            // A prefix cut at a code point, because UTF-8 cannot encode half a surrogate pair.
            String id = pick(IDS);
            int codePoints = between(0, id.codePointCount(0, id.length()));
            return id.substring(0, id.offsetByCodePoints(0, codePoints));
        }

        /** Draws a code point: mostly ASCII, some controls, some from the other planes. */
        private int codePoint() {
            int kind = between(1, 10);
            if (kind <= 5) {
                return between(0x20, 0x7E);
            }
            if (kind == 6) {
                return pick(List.of(0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x85, 0x9F));
            }
            if (kind == 7) {
                return pick(
                        List.of((int) '&', (int) '=', (int) '+', (int) '%', (int) '#', (int) ' '));
            }
            int codePoint = between(0x80, 0x10FFFF);
            // Lone surrogates cannot be encoded as UTF-8, so they become U+FFFD, which is tested.
            return codePoint >= 0xD800 && codePoint <= 0xDFFF ? 0xFFFD : codePoint;
        }
    }

    /** How a name or value becomes bytes of the query string. */
    private enum Encoding {
        /** Every byte but letters, digits and {@code -._~} escaped, upper-case hex digits. */
        ESCAPED,
        /** The same with lower-case hex digits. */
        ESCAPED_LOWER_CASE,
        /** A space as {@code +}, the rest escaped. */
        PLUS_FOR_SPACE,
        /** Characters beyond ASCII as raw UTF-8 bytes, the rest escaped. */
        RAW_UTF8;

        byte[] encode(String text) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HexFormat hex =
                    this == ESCAPED_LOWER_CASE ? HexFormat.of() : HexFormat.of().withUpperCase();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                int unsigned = b & 0xFF;
                boolean unreserved =
                        (unsigned >= 'a' && unsigned <= 'z')
                                || (unsigned >= 'A' && unsigned <= 'Z')
                                || (unsigned >= '0' && unsigned <= '9')
                                || unsigned == '-'
                                || unsigned == '.'
                                || unsigned == '_'
                                || unsigned == '~';
                if (unreserved || (this == RAW_UTF8 && unsigned >= 0x80)) {
                    out.write(unsigned);
                } else if (this == PLUS_FOR_SPACE && unsigned == ' ') {
                    out.write('+');
                } else {
                    out.writeBytes(("%" + hex.toHexDigits(b)).getBytes(StandardCharsets.US_ASCII));
                }
            }
            return out.toByteArray();
        }
    }
}
