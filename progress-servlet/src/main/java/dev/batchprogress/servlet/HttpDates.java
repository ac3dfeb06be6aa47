package dev.batchprogress.servlet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats the IMF-fixdate of HTTP, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}, for {@code
 * Last-Modified}.
 *
 * <p>Polling clients ask for the same unchanged runs many times a second, and the formatter was the
 * largest step of the servlet in the HTTP benchmark's profile, so the text of the last second
 * formatted is kept and reused. Runs that changed in different seconds, polled in turn, each format
 * again. Thread-safe.
 */
final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    /** A formatted second; replaced as a whole, so readers never see a second with another text. */
    private record Formatted(long epochSecond, String text) {}

    private static volatile Formatted last = format(Instant.EPOCH.getEpochSecond());

    private HttpDates() {}

    /**
     * Returns the IMF-fixdate of a time; the fraction of its second is dropped, as HTTP dates have
     * none.
     */
    static String format(Instant time) {
        long second = time.getEpochSecond();
        Formatted known = last;
        if (known.epochSecond() == second) {
            return known.text();
        }
        Formatted fresh = format(second);
        last = fresh;
        return fresh.text();
    }

    private static Formatted format(long epochSecond) {
        return new Formatted(epochSecond, IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)));
    }
}
