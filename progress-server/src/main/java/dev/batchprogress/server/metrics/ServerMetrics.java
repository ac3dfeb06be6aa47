package dev.batchprogress.server.metrics;

import dev.batchprogress.servlet.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics of one server: a Prometheus registry with the JVM's memory, threads, processor and
 * uptime, and the hooks through which the servlet, the run-state source and the recorder report to
 * it.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry;
    private final MicrometerMetrics hooks;

    private ServerMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        hooks = MicrometerMetrics.bindTo(registry);
    }

    /** Returns new metrics with an empty registry and the JVM meters bound. */
    public static ServerMetrics create() {
        return new ServerMetrics();
    }

    /** Returns the hooks to pass to the servlet, the run-state source and the recorder. */
    public MicrometerMetrics hooks() {
        return hooks;
    }

    /** Returns every meter in the Prometheus text format, version 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }
}
