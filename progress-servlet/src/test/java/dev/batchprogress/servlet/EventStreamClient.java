package dev.batchprogress.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} response line by line on a thread of its own, as a browser's or
 * the watcher's parser does: fields until a blank line, then one event.
 */
final class EventStreamClient implements AutoCloseable {

    /** One dispatched event; a comment has the name {@code :} and its text as data. */
    record Event(@Nullable String id, String name, String data) {}

    private static final Event CLOSED = new Event(null, "(closed)", "");

    private static final HttpClient CLIENT =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder body = new StringBuilder();

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a GET request and returns once the response's headers have arrived. */
    static EventStreamClient open(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new EventStreamClient(
                    CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + uri, e);
        }
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    int status() {
        return response.statusCode();
    }

    private void read() {
        @Nullable String id = null;
        String name = "message";
        StringBuilder data = new StringBuilder();
        boolean any = false;
        try {
            Iterator<String> lines = response.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                synchronized (body) {
                    body.append(line).append('\n');
                }
                if (line.isEmpty()) {
                    if (any) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = "message";
                    data.setLength(0);
                    any = false;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, ":", line.substring(1).strip()));
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                    any = true;
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                    any = true;
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                    any = true;
                } else if (line.startsWith("retry: ")) {
                    events.add(new Event(null, "retry", line.substring(7)));
                }
            }
        } catch (UncheckedIOException | IllegalStateException closedByClient) {
            // close() ends the body while this thread reads it.
        }
        events.add(CLOSED);
    }

    /** Returns the next event that is not a comment or a retry field, within five seconds. */
    Event nextEvent() throws InterruptedException {
        while (true) {
            Event event = next(Duration.ofSeconds(5));
            if (event == null) {
                throw new AssertionError("no event within 5 s; body so far:\n" + text());
            }
            if (!event.name().equals(":") && !event.name().equals("retry")) {
                return event;
            }
        }
    }

    /** Returns the next signal of any kind, or null when none came within the time. */
    @Nullable Event next(Duration within) throws InterruptedException {
        return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns whether the server ended the response within five seconds. */
    boolean awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Event event = events.poll(100, TimeUnit.MILLISECONDS);
            if (CLOSED.equals(event)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the body read so far. */
    String text() {
        synchronized (body) {
            return body.toString();
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
