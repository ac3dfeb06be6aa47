package dev.batchprogress.server.watch;

import java.util.Objects;

/**
 * Parses the lines of a server-sent event stream into events, following the interpretation rules of
 * the WHATWG HTML standard (section 9.2.6, "Interpreting an event stream").
 *
 * <p>The caller splits the body into lines, at CR LF, LF or CR, and feeds them in order to {@link
 * #line}. A line starting with a colon is a comment. Other lines are fields: {@code event}, {@code
 * data}, {@code id} and {@code retry}; a single space after the colon is dropped, and unknown
 * fields are ignored. A blank line dispatches the event collected so far, unless it has no data. An
 * event that is not followed by a blank line before the stream ends is discarded.
 *
 * <p>A parser serves one connection and is not thread-safe. The last event id carries over to the
 * next connection through {@link #EventStreamParser(String, Listener)}.
 */
final class EventStreamParser {

    /** The maximum number of characters of one event's data, which bounds the memory used. */
    static final int MAX_DATA_LENGTH = 1 << 20;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** The receiver of the events, comments and retry times that the parser reads. */
    interface Listener {

        /** Receives a dispatched event. */
        void event(ServerSentEvent event);

        /**
         * Receives the text of a comment line after its colon, such as {@code " heartbeat"}. Does
         * nothing unless overridden.
         */
        default void comment(String text) {}

        /** Receives a valid {@code retry} field in milliseconds. Does nothing unless overridden. */
        default void retry(long millis) {}
    }

    private final Listener listener;
    private final StringBuilder data = new StringBuilder();
    private String type = "";
    private String lastEventId;
    private boolean firstLine = true;

    /**
     * Creates a parser for a stream without a previous event id.
     *
     * @param listener what receives the events
     */
    EventStreamParser(Listener listener) {
        this("", listener);
    }

    /**
     * Creates a parser that continues with the last event id of an earlier connection.
     *
     * @param lastEventId the last event id so far, or the empty string
     * @param listener what receives the events
     */
    EventStreamParser(String lastEventId, Listener listener) {
        this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Interprets one line of the stream.
     *
     * @param line the line without its line break
     * @throws EventStreamException if the data of the current event grows beyond {@value
     *     #MAX_DATA_LENGTH} characters
     */
    void line(String line) {
        if (firstLine) {
            firstLine = false;
            // The UTF-8 decoding of the standard drops one leading byte order mark.
            if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            listener.comment(line.substring(1));
            return;
        }

        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = "";
        if (colon >= 0) {
            int start = colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            value = line.substring(start);
        }
        field(field, value);
    }

    /**
     * Discards an event that the stream ended in the middle of, as the standard requires, so that a
     * half-received event is never reported.
     */
    void endOfStream() {
        data.setLength(0);
        type = "";
    }

    /** Returns the last event id so far, or the empty string when the stream set none. */
    String lastEventId() {
        return lastEventId;
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > MAX_DATA_LENGTH) {
                    throw new EventStreamException(
                            "an event's data exceeds "
                                    + MAX_DATA_LENGTH
                                    + " characters; expected one progress answer per event");
                }
                data.append(value).append('\n');
            }
            case "id" -> {
                // The standard ignores ids with a NUL, which could not be sent back in a header.
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (isDigits(value)) {
                    listener.retry(parseMillis(value));
                }
            }
            default -> {
                // Unknown fields are ignored, so that servers can add fields.
            }
        }
    }

    private void dispatch() {
        if (data.length() == 0) {
            type = "";
            return;
        }
        // The last data line's line feed is not part of the data.
        data.setLength(data.length() - 1);
        ServerSentEvent event =
                new ServerSentEvent(
                        lastEventId,
                        type.isEmpty() ? ServerSentEvent.DEFAULT_TYPE : type,
                        data.toString());
        data.setLength(0);
        type = "";
        listener.event(event);
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Parses ASCII digits, saturating at {@link Long#MAX_VALUE} instead of overflowing. */
    private static long parseMillis(String digits) {
        long millis = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(i) - '0';
            if (millis > (Long.MAX_VALUE - digit) / 10) {
                return Long.MAX_VALUE;
            }
            millis = millis * 10 + digit;
        }
        return millis;
    }
}
