package dev.batchprogress.server.watch;

import java.util.Objects;

/**
 * One event of a server-sent event stream ({@code text/event-stream}), as dispatched on a blank
 * line.
 *
 * @param id the last event id when the event was dispatched: the value of the latest {@code id}
 *     field of the stream so far, or the empty string when there was none
 * @param type the value of the event's {@code event} field, or {@code message} when it had none
 * @param data the values of the event's {@code data} fields joined by line feeds
 */
record ServerSentEvent(String id, String type, String data) {

    /** The type of an event without an {@code event} field. */
    static final String DEFAULT_TYPE = "message";

    /** Validates that no component is null. */
    ServerSentEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
