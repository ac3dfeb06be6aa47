package dev.batchprogress.servlet.micrometer;

import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.metrics.RecordingMetrics;
import dev.batchprogress.metrics.SourceMetrics;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.servlet.Endpoint;
import dev.batchprogress.servlet.ServletMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Records what the servlet serves, what the run-state source costs and what the recorder accepts in
 * a Micrometer registry. Meter names and tags, as Micrometer names them (a Prometheus registry
 * writes dots as underscores and adds unit suffixes such as {@code _seconds} and {@code _total}):
 *
 * <ul>
 *   <li>{@value #REQUESTS}, a timer tagged {@code endpoint} (a path of the servlet, or {@code
 *       other}) and {@code status};
 *   <li>{@value #OPEN_STREAMS}, a gauge of the event streams open now, summed over the servlets
 *       that registered their count through {@link #openStreams};
 *   <li>{@value #SOURCE_CALLS}, a timer tagged {@code operation} ({@code load}, {@code
 *       find_latest_by_filename}, {@code list}) and {@code outcome} ({@code success}, {@code
 *       failure});
 *   <li>{@value #EVENTS_RECORDED}, a counter tagged {@code event} and {@code outcome} ({@code
 *       applied}, {@code already_applied});
 *   <li>{@value #EVENTS_REJECTED}, a counter tagged {@code event} and {@code reason} ({@code
 *       unknown_run}, {@code illegal_transition}, {@code invalid_event}, {@code run_conflict}, or
 *       {@code unavailable} for a recorder that could not reach its store);
 *   <li>the cache meters of Micrometer's {@link CaffeineCacheMetrics} for each cache passed to
 *       {@link #monitorCache}, tagged {@code cache}.
 * </ul>
 *
 * <p>Every tag value comes from a fixed set, so no tracking id, organization, token or request path
 * becomes a label. Thread-safe.
 */
public final class MicrometerMetrics implements ServletMetrics, SourceMetrics, RecordingMetrics {

    /** The timer of servlet responses. */
    public static final String REQUESTS = "batch_progress.requests";

    /** The gauge of open event streams. */
    public static final String OPEN_STREAMS = "batch_progress.streams.open";

    /** The timer of run-state source calls. */
    public static final String SOURCE_CALLS = "batch_progress.source.calls";

    /** The counter of events a recorder accepted. */
    public static final String EVENTS_RECORDED = "batch_progress.events.recorded";

    /** The counter of events a recorder rejected or could not record. */
    public static final String EVENTS_REJECTED = "batch_progress.events.rejected";

    private static final int OK = 200;

    private final MeterRegistry registry;
    private final List<IntSupplier> openStreams = new CopyOnWriteArrayList<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> sourceTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder(OPEN_STREAMS, openStreams, MicrometerMetrics::sum)
                .description("Event streams open now")
                .strongReference(true)
                .register(registry);
        // Meters that every server uses are registered now, so they show 0 before their first
        // use, and their first use does not pay for registering them on the query path.
        for (Operation operation : Operation.values()) {
            sourceTimer(operation, true);
            sourceTimer(operation, false);
        }
        for (Event event : Event.values()) {
            for (Recorded outcome : Recorded.values()) {
                counter(EVENTS_RECORDED, "outcome", event, label(outcome));
            }
        }
        for (Endpoint endpoint : List.of(Endpoint.PROGRESS, Endpoint.DETAILS)) {
            requestTimer(endpoint, OK);
        }
    }

    /**
     * Returns metrics that record in a registry, and registers the gauge of open streams there.
     *
     * @param registry the registry, such as a {@code PrometheusMeterRegistry}
     * @return the metrics, to pass to the servlet's builder, a {@code MeteredRunStateSource} and a
     *     {@code MeteredRunRecorder}
     */
    public static MicrometerMetrics bindTo(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }

    /**
     * Registers the statistics and size of a caching source's Caffeine cache.
     *
     * @param source the caching source, which records statistics
     * @param name the {@code cache} tag of its meters, such as {@code run_state}
     */
    public void monitorCache(CachingRunStateSource source, String name) {
        Objects.requireNonNull(name, "name");
        CaffeineCacheMetrics.monitor(registry, source.cache(), name);
    }

    @Override
    public void requestCompleted(Endpoint endpoint, int status, long nanos) {
        requestTimer(endpoint, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer requestTimer(Endpoint endpoint, int status) {
        String statusLabel = Integer.toString(status);
        return requestTimers.computeIfAbsent(
                endpoint.label() + ' ' + statusLabel,
                unused ->
                        Timer.builder(REQUESTS)
                                .description("Responses of the batch progress servlet")
                                .tag("endpoint", endpoint.label())
                                .tag("status", statusLabel)
                                .register(registry));
    }

    @Override
    public void openStreams(IntSupplier count) {
        openStreams.add(Objects.requireNonNull(count, "count"));
    }

    private static double sum(List<IntSupplier> counts) {
        long sum = 0;
        for (IntSupplier count : counts) {
            sum += count.getAsInt();
        }
        return sum;
    }

    @Override
    public void sourceCalled(Operation operation, long nanos, boolean succeeded) {
        sourceTimer(operation, succeeded).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer sourceTimer(Operation operation, boolean succeeded) {
        String outcome = succeeded ? "success" : "failure";
        return sourceTimers.computeIfAbsent(
                operation.label() + ' ' + outcome,
                unused ->
                        Timer.builder(SOURCE_CALLS)
                                .description("Calls to the run-state source")
                                .tag("operation", operation.label())
                                .tag("outcome", outcome)
                                .register(registry));
    }

    @Override
    public void eventRecorded(Event event, Recorded outcome) {
        counter(EVENTS_RECORDED, "outcome", event, label(outcome)).increment();
    }

    @Override
    public void eventRejected(Event event, RecordingException rejection) {
        counter(EVENTS_REJECTED, "reason", event, RecordingMetrics.reason(rejection)).increment();
    }

    @Override
    public void eventFailed(Event event, RuntimeException failure) {
        counter(EVENTS_REJECTED, "reason", event, "unavailable").increment();
    }

    private static String label(Recorded outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String tag, Event event, String value) {
        return eventCounters.computeIfAbsent(
                name + ' ' + event.label() + ' ' + value,
                unused ->
                        Counter.builder(name)
                                .description(
                                        name.equals(EVENTS_RECORDED)
                                                ? "Events a recorder accepted"
                                                : "Events a recorder rejected or could not record")
                                .tag("event", event.label())
                                .tag(tag, value)
                                .register(registry));
    }
}
