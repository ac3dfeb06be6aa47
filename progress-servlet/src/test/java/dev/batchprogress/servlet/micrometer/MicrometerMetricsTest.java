package dev.batchprogress.servlet.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.cache.CachingRunStateSource;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.metrics.MeteredRunRecorder;
import dev.batchprogress.metrics.MeteredRunStateSource;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.servlet.Endpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {

    private static final TrackingId RUN = TrackingId.of("0x" + "5a".repeat(32));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetrics metrics = MicrometerMetrics.bindTo(registry);
    private final InMemoryRunStore store = InMemoryRunStore.create();

    @Test
    void responses_areTimedByEndpointAndStatus() {
        metrics.requestCompleted(Endpoint.PROGRESS, 200, 1_000_000);
        metrics.requestCompleted(Endpoint.PROGRESS, 200, 3_000_000);
        metrics.requestCompleted(Endpoint.DETAILS, 401, 500_000);

        assertThat(
                        registry.get(MicrometerMetrics.REQUESTS)
                                .tags("endpoint", "/batch_progress", "status", "200")
                                .timer()
                                .count())
                .isEqualTo(2);
        assertThat(
                        registry.get(MicrometerMetrics.REQUESTS)
                                .tags("endpoint", "/batch_progress/details", "status", "401")
                                .timer()
                                .count())
                .isEqualTo(1);
    }

    @Test
    void openStreams_sumRegisteredCounts() {
        AtomicInteger first = new AtomicInteger(2);
        AtomicInteger second = new AtomicInteger(1);

        metrics.openStreams(first::get);
        metrics.openStreams(second::get);
        first.decrementAndGet();

        assertThat(registry.get(MicrometerMetrics.OPEN_STREAMS).gauge().value()).isEqualTo(2.0);
    }

    @Test
    void recorderEvents_areCountedByOutcomeAndReason() {
        RunRecorder recorder = MeteredRunRecorder.wrap(store, metrics);
        RunRegistration registration =
                RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 1);
        recorder.register(registration);
        recorder.register(registration);
        recorder.failFacility(RUN, 0);
        assertThatThrownBy(() -> recorder.completeFacility(RUN, 0))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(
                        registry.get(MicrometerMetrics.EVENTS_RECORDED)
                                .tags("event", "register", "outcome", "applied")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(
                        registry.get(MicrometerMetrics.EVENTS_RECORDED)
                                .tags("event", "register", "outcome", "already_applied")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(
                        registry.get(MicrometerMetrics.EVENTS_REJECTED)
                                .tags("event", "complete_facility", "reason", "illegal_transition")
                                .counter()
                                .count())
                .isEqualTo(1);
    }

    @Test
    void cacheAndSource_reportLoadsAndHits() {
        store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 1));
        try (CachingRunStateSource cache =
                CachingRunStateSource.builder(MeteredRunStateSource.wrap(store, metrics)).build()) {
            metrics.monitorCache(cache, "run_state");
            VisibilityScope scope = VisibilityScope.organization("acme");

            cache.load(scope, Set.of(RUN));
            cache.load(scope, Set.of(RUN));

            assertThat(
                            registry.get(MicrometerMetrics.SOURCE_CALLS)
                                    .tags("operation", "load", "outcome", "success")
                                    .timer()
                                    .count())
                    .isEqualTo(1);
            assertThat(
                            registry.get("cache.gets")
                                    .tags("cache", "run_state", "result", "hit")
                                    .functionCounter()
                                    .count())
                    .isEqualTo(1);
            assertThat(
                            registry.get("cache.gets")
                                    .tags("cache", "run_state", "result", "miss")
                                    .functionCounter()
                                    .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void tagValues_neverNameRunsOrOrganizations() {
        store.register(RunRegistration.supplyShed(RUN, "acme", Pipeline.SUPPLY_SHED, 1));
        MeteredRunRecorder.wrap(store, metrics).failFacility(RUN, 0);
        MeteredRunStateSource.wrap(store, metrics)
                .load(VisibilityScope.organization("acme"), List.of(RUN));
        metrics.requestCompleted(Endpoint.OTHER, 404, 1);

        for (Meter meter : registry.getMeters()) {
            for (var tag : meter.getId().getTags()) {
                assertThat(tag.getValue())
                        .as("tag %s of %s", tag.getKey(), meter.getId().getName())
                        .doesNotContain(RUN.value())
                        .doesNotContain("acme");
            }
        }
    }
}
