package dev.batchprogress.server.watch;

import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One connection to {@code GET /batch_progress/stream}. The HTTP client's threads parse the body
 * and queue what happens as {@link Signal}s, and the watcher's thread takes them with {@link
 * #next}, so it can give up on a silent connection after a timeout.
 */
final class EventStream {

    /** An occurrence on the connection, queued for the watcher's thread. */
    sealed interface Signal permits Event, Heartbeat, Rejected, Closed {}

    /** An event arrived. */
    record Event(ServerSentEvent event) implements Signal {}

    /** A comment line arrived, such as the server's heartbeat. */
    record Heartbeat() implements Signal {}

    /**
     * The server responded without an event stream: an error status, or 200 with another content
     * type.
     *
     * @param status the HTTP status
     * @param contentType the {@code Content-Type} header, or the empty string
     * @param body the response body
     */
    record Rejected(int status, String contentType, String body) implements Signal {}

    /**
     * The connection ended: the server closed it, or it failed.
     *
     * @param failure why the connection failed, or null when the server closed it
     */
    record Closed(@Nullable Throwable failure) implements Signal {}

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final EventStreamParser parser;
    private volatile Flow.@Nullable Subscription subscription;
    private volatile @Nullable CompletableFuture<?> exchange;
    private volatile boolean cancelled;
    private volatile long retryMillis = -1;

    EventStream(String lastEventId) {
        this.parser =
                new EventStreamParser(
                        lastEventId,
                        new EventStreamParser.Listener() {
                            @Override
                            public void event(ServerSentEvent event) {
                                signals.add(new Event(event));
                            }

                            @Override
                            public void comment(String text) {
                                signals.add(new Heartbeat());
                            }

                            @Override
                            public void retry(long millis) {
                                retryMillis = millis;
                            }
                        });
    }

    /** Returns whether a response is an event stream that {@link #lines()} should read. */
    static boolean isEventStream(int status, HttpHeaders headers) {
        return status == 200
                && contentType(headers.firstValue("Content-Type").orElse(""))
                        .equals("text/event-stream");
    }

    /** Returns the media type of a {@code Content-Type} value, lower-cased, without parameters. */
    static String contentType(String header) {
        int semicolon = header.indexOf(';');
        String type = semicolon < 0 ? header : header.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }

    /** Returns the subscriber that receives the lines of the event stream's body. */
    Flow.Subscriber<String> lines() {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                EventStream.this.subscription = subscription;
                if (cancelled) {
                    subscription.cancel();
                } else {
                    subscription.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(String line) {
                try {
                    parser.line(line);
                } catch (EventStreamException e) {
                    cancel();
                    signals.add(new Closed(e));
                }
            }

            @Override
            public void onError(Throwable failure) {
                signals.add(new Closed(failure));
            }

            @Override
            public void onComplete() {
                parser.endOfStream();
                signals.add(new Closed(null));
            }
        };
    }

    /** Remembers the exchange, so that {@link #cancel()} can abort it before the body starts. */
    void exchange(CompletableFuture<?> exchange) {
        this.exchange = exchange;
        if (cancelled) {
            exchange.cancel(true);
        }
    }

    /** Queues a signal from the exchange's completion: a rejection or a failed connection. */
    void signal(Signal signal) {
        signals.add(signal);
    }

    /**
     * Waits for the next signal.
     *
     * @param timeoutNanos how long to wait
     * @return the signal, or null when none arrived in time
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    @Nullable Signal next(long timeoutNanos) throws InterruptedException {
        return signals.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    /** Returns the reconnection time the stream set with {@code retry}, or -1 when none. */
    long retryMillis() {
        return retryMillis;
    }

    /** Closes the connection. Safe to call from any thread, and more than once. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        CompletableFuture<?> pending = exchange;
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
