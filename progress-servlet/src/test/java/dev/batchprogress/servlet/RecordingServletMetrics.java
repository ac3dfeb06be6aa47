package dev.batchprogress.servlet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Servlet metrics that keep every response as {@code "<endpoint label> <status>"}, in order. */
final class RecordingServletMetrics implements ServletMetrics {

    private final List<String> responses = new CopyOnWriteArrayList<>();

    @Override
    public void requestCompleted(Endpoint endpoint, int status, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative duration " + nanos);
        }
        responses.add(endpoint.label() + " " + status);
    }

    List<String> responses() {
        return List.copyOf(responses);
    }
}
