package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.GLOBEX_TOKEN;
import static dev.batchprogress.servlet.Fixtures.OPERATOR_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.RunRegistration;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ETag}, {@code Last-Modified} and {@code If-None-Match} over real HTTP. */
class ConditionalRequestsOverHttpTest {

    private static final TrackingId SHED = TrackingId.of(Fixtures.id(1));
    private static final TrackingId GLOBEX_SHED = TrackingId.of(Fixtures.id(2));
    private static final String MISSING = Fixtures.id(99);

    /** The date format of RFC 9110, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final JettyHarness server;

    ConditionalRequestsOverHttpTest() {
        store.register(RunRegistration.supplyShed(SHED, Fixtures.ACME, Pipeline.SUPPLY_SHED, 5));
        store.register(
                RunRegistration.supplyShed(GLOBEX_SHED, Fixtures.GLOBEX, Pipeline.SUPPLY_SHED, 5));
        server = JettyHarness.serveSource(store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private URI progress(String id) {
        return server.uri("/batch_progress?tracking_id=" + id);
    }

    private HttpResponse<byte[]> get(URI uri, String token, String... headers) {
        return send("GET", uri, token, headers);
    }

    private static HttpResponse<byte[]> send(
            String method, URI uri, String token, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.send(method, uri, all);
    }

    private static String etag(HttpResponse<?> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void answer_carriesAStrongTagAndTheRunsChangeTime() {
        HttpResponse<byte[]> answer = get(progress(SHED.value()), READER_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(etag(answer)).matches("\"bp1-[A-Za-z0-9_-]{22}\"");
        String lastModified = answer.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(lastModified).endsWith(" GMT");
        assertThat(ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME))
                .isNotNull();
        Instant changedAt =
                store.load(VisibilityScope.all(), List.of(SHED)).get(SHED).header().changedAt();
        assertThat(lastModified).isEqualTo(IMF_FIXDATE.format(changedAt));
    }

    @Test
    void currentTag_answers304WithoutBody_withTheSameValidators() {
        HttpResponse<byte[]> first = get(progress(SHED.value()), READER_TOKEN);

        HttpResponse<byte[]> again =
                get(progress(SHED.value()), READER_TOKEN, "If-None-Match", etag(first));

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(etag(again)).isEqualTo(etag(first));
        assertThat(again.headers().firstValue("Cache-Control")).contains("private, no-cache");
        assertThat(again.headers().firstValue("Last-Modified"))
                .isEqualTo(first.headers().firstValue("Last-Modified"));
        assertThat(again.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void head_withCurrentTag_answers304Too() {
        String tag = etag(get(progress(SHED.value()), READER_TOKEN));

        HttpResponse<byte[]> head =
                send("HEAD", progress(SHED.value()), READER_TOKEN, "If-None-Match", tag);

        assertThat(head.statusCode()).isEqualTo(304);
    }

    @Test
    void afterAChange_theOldTagGetsTheNewAnswer() {
        String old = etag(get(progress(SHED.value()), READER_TOKEN));

        store.moveFacility(SHED, 0, 1);
        HttpResponse<byte[]> changed =
                get(progress(SHED.value()), READER_TOKEN, "If-None-Match", old);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(Http.text(changed)).contains("\"total_number_of_facilities_preprocessing\":1");
        assertThat(etag(changed)).isNotEqualTo(old);
        assertThat(
                        get(progress(SHED.value()), READER_TOKEN, "If-None-Match", etag(changed))
                                .statusCode())
                .isEqualTo(304);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "W/%s", "\"other\", %s", "\"a\",%s , \"b\""})
    void listsWildcardsAndWeakForms_match(String form) {
        String tag = etag(get(progress(SHED.value()), READER_TOKEN));

        HttpResponse<byte[]> answer =
                get(progress(SHED.value()), READER_TOKEN, "If-None-Match", form.formatted(tag));

        assertThat(answer.statusCode()).isEqualTo(304);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\"bp1-AAAAAAAAAAAAAAAAAAAAAA\"", "%s-x", "garbage %s", "\"unclosed", ""})
    void otherOrMalformedTags_getTheFullAnswer(String form) {
        String tag = etag(get(progress(SHED.value()), READER_TOKEN));
        String unquoted = tag.replace("\"", "");

        HttpResponse<byte[]> answer =
                get(
                        progress(SHED.value()),
                        READER_TOKEN,
                        "If-None-Match",
                        form.contains("%s") ? form.formatted(unquoted) : form);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(etag(answer)).isEqualTo(tag);
    }

    @Test
    void callersWhoSeeTheSameRun_getTheSameTag() {
        String reader = etag(get(progress(SHED.value()), READER_TOKEN));
        String operator = etag(get(progress(SHED.value()), OPERATOR_TOKEN));

        assertThat(operator).isEqualTo(reader);
        assertThat(
                        get(progress(SHED.value()), OPERATOR_TOKEN, "If-None-Match", reader)
                                .statusCode())
                .isEqualTo(304);
    }

    @Test
    void anotherOrganizationsTag_answersLikeAMissingRun_neverWith304() {
        String acmeTag = etag(get(progress(SHED.value()), READER_TOKEN));

        HttpResponse<byte[]> hidden =
                get(progress(SHED.value()), GLOBEX_TOKEN, "If-None-Match", acmeTag);
        HttpResponse<byte[]> missing =
                get(progress(MISSING), GLOBEX_TOKEN, "If-None-Match", acmeTag);

        assertThat(hidden.statusCode()).isEqualTo(400).isEqualTo(missing.statusCode());
        assertThat(Http.text(hidden).replace(SHED.value(), "<id>"))
                .isEqualTo(Http.text(missing).replace(MISSING, "<id>"));
        assertThat(hidden.headers().firstValue("ETag")).isEmpty();
        assertThat(Http.headersWithoutDate(hidden).keySet())
                .isEqualTo(Http.headersWithoutDate(missing).keySet());
    }

    @Test
    void otherOrganizationsChanges_leaveTheTagAlone() {
        String before = etag(get(progress(SHED.value()), READER_TOKEN));

        store.moveFacility(GLOBEX_SHED, 0, 1);

        assertThat(get(progress(SHED.value()), READER_TOKEN, "If-None-Match", before).statusCode())
                .isEqualTo(304);
    }

    @Test
    void dummyData_hasATagButNoLastModified() {
        HttpResponse<byte[]> dummy =
                get(
                        server.uri(
                                "/batch_progress?tracking_id=" + SHED.value() + "&dummy_data=true"),
                        READER_TOKEN);

        assertThat(dummy.headers().firstValue("ETag")).isPresent();
        assertThat(dummy.headers().firstValue("Last-Modified")).isEmpty();
    }

    @Test
    void errors_carryNoTag() {
        HttpResponse<byte[]> unauthenticated =
                Http.send("GET", progress(SHED.value()), "If-None-Match", "*");

        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("ETag")).isEmpty();
    }
}
