package dev.batchprogress.server.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP requests of a watcher, through the JDK's {@link HttpClient} over HTTP/1.1: polls of
 * {@code GET /batch_progress} and connections to {@code GET /batch_progress/stream}, each with the
 * bearer token.
 */
final class ProgressClient {

    /** The time to open a TCP connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The time for a poll's whole response. */
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    /** The body of a stream's response, which the line subscriber consumes instead. */
    private static final String STREAMED = "";

    /**
     * The response to a poll.
     *
     * @param status the HTTP status
     * @param entityTag the {@code ETag} header, or null when the server sent none
     * @param contentType the {@code Content-Type} header, or the empty string
     * @param body the body, empty for 304
     */
    record Poll(int status, @Nullable String entityTag, String contentType, String body) {}

    private final WatchSettings settings;
    private final HttpClient client;

    ProgressClient(WatchSettings settings) {
        this.settings = settings;
        this.client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * Sends one poll.
     *
     * @param entityTag the entity tag of the answer the watcher has, sent as {@code If-None-Match},
     *     or null
     * @param timeout the time for the whole response, at most {@link #POLL_TIMEOUT}
     * @return the response
     * @throws IOException if the request fails or times out
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    Poll poll(@Nullable String entityTag, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                request(settings.pollUrl())
                        .timeout(timeout.compareTo(POLL_TIMEOUT) < 0 ? timeout : POLL_TIMEOUT)
                        .header("Accept", "application/json");
        if (entityTag != null) {
            request.header("If-None-Match", entityTag);
        }
        HttpResponse<String> response =
                client.send(
                        request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Poll(
                response.statusCode(),
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /**
     * Opens a connection to the event stream and returns at once; what happens arrives as signals.
     *
     * @param lastEventId the id of the last event received, sent as {@code Last-Event-ID} unless
     *     empty
     * @return the connection
     */
    EventStream openStream(String lastEventId) {
        EventStream stream = new EventStream(lastEventId);
        // No request timeout: it would end a healthy stream. The watcher's idle timeout bounds the
        // wait for the response and for each event instead.
        HttpRequest.Builder request =
                request(settings.streamUrl())
                        .header("Accept", "text/event-stream")
                        .header("Cache-Control", "no-cache");
        if (!lastEventId.isEmpty()) {
            request.header("Last-Event-ID", lastEventId);
        }
        // NOTE: the JDK's line subscriber buffers a line without limit, so a server that sends one
        // endless line can exhaust the watcher's memory. The parser bounds only an event's data.
        HttpResponse.BodyHandler<String> handler =
                response ->
                        EventStream.isEventStream(response.statusCode(), response.headers())
                                ? BodySubscribers.mapping(
                                        BodySubscribers.fromLineSubscriber(stream.lines()),
                                        ignored -> STREAMED)
                                : BodySubscribers.ofString(StandardCharsets.UTF_8);
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request.build(), handler);
        stream.exchange(exchange);
        // The callback queues every outcome as a signal, so the future it returns carries nothing.
        var unused =
                exchange.whenComplete(
                        (response, failure) -> {
                            if (failure != null) {
                                stream.signal(new EventStream.Closed(failure));
                            } else if (!EventStream.isEventStream(
                                    response.statusCode(), response.headers())) {
                                stream.signal(
                                        new EventStream.Rejected(
                                                response.statusCode(),
                                                response.headers()
                                                        .firstValue("Content-Type")
                                                        .orElse(""),
                                                response.body()));
                            }
                        });
        return stream;
    }

    private HttpRequest.Builder request(URI url) {
        return HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + settings.token())
                .GET();
    }
}
