/**
 * The server's metrics: a Prometheus registry that the servlet, the run-state source and the
 * recorder report to, and the servlet that serves it at {@code /metrics}.
 */
@NullMarked
package dev.batchprogress.server.metrics;

import org.jspecify.annotations.NullMarked;
