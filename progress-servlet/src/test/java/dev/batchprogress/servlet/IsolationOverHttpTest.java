package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.GLOBEX_TOKEN;
import static dev.batchprogress.servlet.Fixtures.NO_READ_TOKEN;
import static dev.batchprogress.servlet.Fixtures.OPERATOR_TOKEN;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.source.RunStateSource;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run of another organization answers exactly like a run that does not exist, for every query
 * shape, with and without {@code dummy_data}, on {@code /batch_progress} and on its event stream,
 * behind a bare source and behind the cache: the same status, the same body but for the id, the
 * same headers but for {@code Date}, and the same number of source loads. A caller with the
 * permission to read every organization sees the run exactly as its owner does. No request without
 * valid credentials, or without the read permission, loads anything.
 */
class IsolationOverHttpTest {

    private static final String ACME_SHED = id(1);
    private static final String GLOBEX_RUN = id(2);
    private static final String GLOBEX_FILE = id(3);
    private static final String MISSING_RUN = id(4);
    private static final String MISSING_FILE = id(5);

    /** A query shape: a query string with {@code {id}} where the run's id or file goes. */
    private static final List<String> SHAPES =
            List.of(
                    "tracking_id={id}",
                    "tracking_ids={id}",
                    "tracking_ids%5B%5D={id}",
                    "tracking_ids=" + ACME_SHED + "&tracking_ids={id}",
                    "tracking_ids={id}&tracking_ids=" + ACME_SHED,
                    "filename={id}");

    private static final List<String> DUMMY_DATA =
            List.of("", "&dummy_data=false", "&dummy_data=true", "&dummy_data=maybe");

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final Sources.Counting counting = new Sources.Counting(store);
    private final List<AutoCloseable> resources = new ArrayList<>();

    static Stream<Arguments> shapes() {
        List<Arguments> arguments = new ArrayList<>();
        for (String shape : SHAPES) {
            for (String dummyData : DUMMY_DATA) {
                for (boolean cached : List.of(false, true)) {
                    arguments.add(Arguments.of(shape + dummyData, cached));
                }
            }
        }
        return arguments.stream();
    }

    IsolationOverHttpTest() {
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(ACME_SHED), Fixtures.ACME, Pipeline.SUPPLY_SHED, 4));
        store.register(
                RunRegistration.supplyShed(
                                TrackingId.of(GLOBEX_RUN), Fixtures.GLOBEX, Pipeline.SUPPLY_SHED, 3)
                        .withFilename(TrackingId.of(GLOBEX_FILE)));
        store.moveFacility(TrackingId.of(GLOBEX_RUN), 0, 1);
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private JettyHarness serve(boolean cached) {
        RunStateSource source = counting;
        if (cached) {
            CachingRunStateSource cache = CachingRunStateSource.builder(counting).build();
            resources.add(cache);
            source = cache;
        }
        JettyHarness server = JettyHarness.serveSource(source);
        resources.add(server);
        return server;
    }

    /** A response and the number of source loads it caused. */
    private record Counted(HttpResponse<byte[]> response, int loads) {}

    private Counted get(JettyHarness server, String query, String token) {
        int before = counting.calls();
        HttpResponse<byte[]> response = Http.get(server.uri("/batch_progress?" + query), token);
        return new Counted(response, counting.calls() - before);
    }

    private static String hidden(String shape) {
        return shape.replace("{id}", shape.startsWith("filename") ? GLOBEX_FILE : GLOBEX_RUN);
    }

    private static String missing(String shape) {
        return shape.replace("{id}", shape.startsWith("filename") ? MISSING_FILE : MISSING_RUN);
    }

    private static void assertSame(Counted actual, Counted expected, String hiddenId, String id) {
        assertThat(actual.response().statusCode()).isEqualTo(expected.response().statusCode());
        assertThat(Http.text(actual.response()).replace(hiddenId, id))
                .isEqualTo(Http.text(expected.response()));
        assertThat(Http.headersWithoutDate(actual.response()))
                .isEqualTo(Http.headersWithoutDate(expected.response()));
        assertThat(actual.loads()).as("source loads").isEqualTo(expected.loads());
    }

    @ParameterizedTest(name = "{0}, cached {1}")
    @MethodSource("shapes")
    void otherOrganizationsRun_answersLikeMissingRun(String shape, boolean cached) {
        JettyHarness server = serve(cached);
        // The owner and a caller who reads every organization load the run first, so that a cache
        // contains it under their scopes before the other organization asks.
        get(server, hidden(shape), GLOBEX_TOKEN);
        get(server, hidden(shape), OPERATOR_TOKEN);
        String hiddenId = hidden(shape).contains(GLOBEX_FILE) ? GLOBEX_FILE : GLOBEX_RUN;
        String missingId = hiddenId.equals(GLOBEX_FILE) ? MISSING_FILE : MISSING_RUN;

        for (int round = 1; round <= 2; round++) {
            Counted forHidden = get(server, hidden(shape), READER_TOKEN);
            Counted forMissing = get(server, missing(shape), READER_TOKEN);

            assertThat(forHidden.response().statusCode()).as("round %d", round).isIn(200, 400, 422);
            assertSame(forHidden, forMissing, hiddenId, missingId);
        }
    }

    static Stream<Arguments> streamShapes() {
        return SHAPES.stream()
                .flatMap(shape -> Stream.of(Arguments.of(shape, false), Arguments.of(shape, true)));
    }

    @ParameterizedTest(name = "{0}, cached {1}")
    @MethodSource("streamShapes")
    void otherOrganizationsRun_onTheStream_answersLikeMissingRun(String shape, boolean cached) {
        JettyHarness server = serve(cached);
        get(server, hidden(shape), GLOBEX_TOKEN);
        String hiddenId = hidden(shape).contains(GLOBEX_FILE) ? GLOBEX_FILE : GLOBEX_RUN;
        String missingId = hiddenId.equals(GLOBEX_FILE) ? MISSING_FILE : MISSING_RUN;

        int before = counting.calls();
        HttpResponse<byte[]> hiddenResponse =
                Http.get(server.uri("/batch_progress/stream?" + hidden(shape)), READER_TOKEN);
        int hiddenLoads = counting.calls() - before;
        HttpResponse<byte[]> missingResponse =
                Http.get(server.uri("/batch_progress/stream?" + missing(shape)), READER_TOKEN);
        int missingLoads = counting.calls() - before - hiddenLoads;

        assertThat(hiddenResponse.statusCode()).isEqualTo(400);
        assertSame(
                new Counted(hiddenResponse, hiddenLoads),
                new Counted(missingResponse, missingLoads),
                hiddenId,
                missingId);
    }

    @ParameterizedTest(name = "{0}, cached {1}")
    @MethodSource("shapes")
    void readAllOrganizations_seesTheRunAsItsOwnerDoes(String shape, boolean cached) {
        JettyHarness ownerServer = serve(cached);
        JettyHarness operatorServer = serve(cached);
        String query = hidden(shape).replace(ACME_SHED, GLOBEX_RUN);

        Counted forOwner = get(ownerServer, query, GLOBEX_TOKEN);
        Counted forOperator = get(operatorServer, query, OPERATOR_TOKEN);

        assertSame(forOperator, forOwner, GLOBEX_RUN, GLOBEX_RUN);
        if (!query.contains("dummy_data=maybe")) {
            assertThat(forOperator.response().statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}, cached {1}")
    @MethodSource("shapes")
    void requestWithoutReadPermission_loadsNothing(String shape, boolean cached) {
        JettyHarness server = serve(cached);
        List<List<String>> credentials =
                List.of(
                        List.of(),
                        List.of("Authorization", "Bearer unknown-token-1"),
                        List.of("Authorization", "Bearer"),
                        List.of("Authorization", "Basic " + READER_TOKEN),
                        List.of("Authorization", "Bearer " + READER_TOKEN + " x"),
                        List.of("Authorization", "Bearer " + NO_READ_TOKEN));
        int before = counting.calls();

        for (List<String> header : credentials) {
            HttpResponse<byte[]> forHidden =
                    Http.send(
                            "GET",
                            server.uri("/batch_progress?" + hidden(shape)),
                            header.toArray(String[]::new));
            HttpResponse<byte[]> forMissing =
                    Http.send(
                            "GET",
                            server.uri("/batch_progress?" + missing(shape)),
                            header.toArray(String[]::new));

            assertThat(forHidden.statusCode()).as("credentials %s", header).isIn(401, 403);
            assertThat(Http.text(forHidden)).isEqualTo(Http.text(forMissing));
            assertThat(Http.headersWithoutDate(forHidden))
                    .isEqualTo(Http.headersWithoutDate(forMissing));
        }
        assertThat(counting.calls() - before).as("source loads").isZero();
    }
}
