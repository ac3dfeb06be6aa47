package dev.batchprogress.server.serve;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A {@link ProgressService} on a free port of 127.0.0.1 and an HTTP client for it. */
final class TestServer implements AutoCloseable {

    /** A token of organization {@code demo}, which owns the replayed runs. */
    static final String READER_TOKEN = "reader-token";

    /** A token of another organization, which can read none of the replayed runs. */
    static final String OTHER_ORGANIZATION_TOKEN = "other-organization-token";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final ProgressService service;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private TestServer(ProgressService service) {
        this.service = service;
    }

    /**
     * Returns settings for port 0 with the two test tokens and a replay of the given speed; the
     * caller may change any of them.
     */
    static ServeSettings.Builder settings(double speed) {
        return ServeSettings.builder()
                .port(0)
                .replay(ReplaySettings.defaults().withSpeed(speed))
                .token(
                        new TokenGrant(
                                READER_TOKEN,
                                new Caller("reader", "demo", Set.of(Permission.READ))))
                .token(
                        new TokenGrant(
                                OTHER_ORGANIZATION_TOKEN,
                                new Caller("outsider", "other", Set.of(Permission.READ))));
    }

    static TestServer start(ServeSettings settings) {
        return new TestServer(ProgressService.start(settings, ReplayListener.none()));
    }

    ProgressService service() {
        return service;
    }

    int port() {
        return service.port();
    }

    /** Returns the tracking id of the run that replays a file, such as {@code Russia.csv}. */
    TrackingId id(String inputName) {
        return service.runs().stream()
                .filter(run -> run.inputName().equals(inputName))
                .map(ReplayRun::trackingId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run replays " + inputName));
    }

    /** Returns the tracking ids of the runs of one kind, in the replay's order. */
    List<TrackingId> ids(RunKind kind) {
        return service.runs().stream()
                .filter(run -> run.kind() == kind)
                .map(ReplayRun::trackingId)
                .toList();
    }

    /** Sends a GET request for a path and query with the reader's token. */
    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, READER_TOKEN);
    }

    /** Sends a GET request for a path and query with a bearer token. */
    HttpResponse<String> get(String pathAndQuery, String token) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        }
    }

    /** Sends a GET request for a path and query without credentials. */
    HttpResponse<String> getWithoutToken(String pathAndQuery) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                        .timeout(REQUEST_TIMEOUT)
                        .GET()
                        .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        }
    }

    /** Returns the body of a 200 response for one tracking id. */
    String progress(TrackingId trackingId) {
        HttpResponse<String> response = get("/batch_progress?tracking_id=" + trackingId);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "expected 200 for "
                            + trackingId
                            + ", got "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        service.close();
    }
}
