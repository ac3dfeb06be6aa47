package dev.batchprogress.servlet;

import java.util.function.IntSupplier;

/**
 * Receives what {@link BatchProgressServlet} serves: every response by endpoint and status, and the
 * number of open event streams. Implementations must be thread-safe and fast, since they run on the
 * request path. The servlet module's {@code dev.batchprogress.servlet.micrometer} package binds
 * them to Micrometer.
 */
public interface ServletMetrics {

    /** A hook that ignores everything. */
    ServletMetrics NONE = new ServletMetrics() {};

    /**
     * Receives a response just before the servlet sends it.
     *
     * @param endpoint the endpoint the request named
     * @param status the response's status, such as 200 or 404
     * @param nanos the time from the start of the request until the response was ready to send, in
     *     nanoseconds
     */
    default void requestCompleted(Endpoint endpoint, int status, long nanos) {}

    /**
     * Registers where the number of open event streams is read from. The servlet calls this once
     * when it is built or initialized, with a supplier that stays valid for the servlet's life.
     *
     * @param openStreams returns the number of event streams the servlet has open now
     */
    default void openStreams(IntSupplier openStreams) {}
}
