package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The paths that {@link BatchProgressServlet} serves, as metrics label them. Every other path below
 * the servlet is {@link #OTHER} and gets 404 {@code Not Found}.
 */
public enum Endpoint {
    /** {@code GET /batch_progress}: the progress answer of the wire contract. */
    PROGRESS("/batch_progress"),
    /** {@code GET /batch_progress/details}: the per-run breakdown with an estimate of time left. */
    DETAILS("/batch_progress/details"),
    /** {@code GET /batch_progress/stream}: progress as server-sent events. */
    STREAM("/batch_progress/stream"),
    /** Any other path below the servlet, answered with 404. */
    OTHER("other");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    /**
     * Returns the label of the endpoint for metrics: its path, or {@code other}. A fixed set, so a
     * request's own path never becomes a label value.
     *
     * @return the label, such as {@code /batch_progress}
     */
    public String label() {
        return label;
    }

    /**
     * Returns the endpoint a request names. The servlet is mapped at {@code /batch_progress/*},
     * which matches {@code /batch_progress} itself with no path info.
     */
    static Endpoint of(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null || pathInfo.isEmpty()) {
            return PROGRESS;
        }
        return switch (pathInfo) {
            case "/details" -> DETAILS;
            case "/stream" -> STREAM;
            default -> OTHER;
        };
    }
}
