package dev.batchprogress.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The id of a run, as a client sent it.
 *
 * <p>A canonical id is {@code 0x} followed by 64 hexadecimal digits in either case; it is
 * lower-cased for comparison, so {@code 0xAB…} and {@code 0xab…} name the same run. An id of any
 * other form is compared exactly as sent and is never trimmed. Two tracking ids are equal when
 * their {@linkplain #key() keys} are equal.
 */
public final class TrackingId implements Comparable<TrackingId> {

    /** The number of Unicode code points of an id echoed in a message. */
    public static final int MAX_ECHOED_CODE_POINTS = 128;

    private static final int CANONICAL_HEX_DIGITS = 64;

    /** The forms of a value that {@link #form(String)} tells apart. */
    private static final int NOT_CANONICAL = 0;

    private static final int CANONICAL_LOWER_CASE = 1;
    private static final int CANONICAL_WITH_UPPER_CASE = 2;

    private final String value;
    private final String key;
    private final boolean canonical;

    private TrackingId(String value) {
        this.value = value;
        int form = form(value);
        this.canonical = form != NOT_CANONICAL;
        // A lower-case id is its own key, so only an id with an upper-case digit is scanned again.
        this.key = form == CANONICAL_WITH_UPPER_CASE ? value.toLowerCase(Locale.ROOT) : value;
    }

    /**
     * Returns the tracking id for a value as sent.
     *
     * @param value the id as sent; any string, including the empty one
     * @return the tracking id
     */
    public static TrackingId of(String value) {
        Objects.requireNonNull(value, "value");
        return new TrackingId(value);
    }

    /**
     * Returns whether a value has the canonical form: {@code 0x} followed by 64 hexadecimal digits.
     *
     * @param value any string
     * @return {@code true} when the value is canonical
     */
    public static boolean isCanonical(String value) {
        return form(value) != NOT_CANONICAL;
    }

    /** Returns whether a value is canonical and, if so, whether a digit is in upper case. */
    private static int form(String value) {
        if (value.length() != 2 + CANONICAL_HEX_DIGITS || !value.startsWith("0x")) {
            return NOT_CANONICAL;
        }
        boolean upperCase = false;
        for (int i = 2; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'F') {
                upperCase = true;
            } else if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return NOT_CANONICAL;
            }
        }
        return upperCase ? CANONICAL_WITH_UPPER_CASE : CANONICAL_LOWER_CASE;
    }

    /** {@return the id exactly as sent} */
    public String value() {
        return value;
    }

    /**
     * Returns the comparison key: the lower-cased value of a canonical id, otherwise the value.
     *
     * @return the key that {@link #equals(Object)} compares
     */
    public String key() {
        return key;
    }

    /** {@return whether this id has the canonical {@code 0x} + 64 hexadecimal digits form} */
    public boolean canonical() {
        return canonical;
    }

    /**
     * Returns the id as sent, cut to its first {@value #MAX_ECHOED_CODE_POINTS} code points, which
     * is how an id is quoted in an error message.
     *
     * @return the echoed id
     */
    public String echo() {
        return echo(value);
    }

    /**
     * Returns a value cut to its first {@value #MAX_ECHOED_CODE_POINTS} Unicode code points.
     *
     * @param value any string
     * @return the value itself when it is short enough, otherwise its prefix
     */
    public static String echo(String value) {
        if (value.length() <= MAX_ECHOED_CODE_POINTS) {
            return value;
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints <= MAX_ECHOED_CODE_POINTS) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, MAX_ECHOED_CODE_POINTS));
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TrackingId that && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public int compareTo(TrackingId other) {
        return key.compareTo(other.key);
    }

    /** Returns the id as sent. */
    @Override
    public String toString() {
        return value;
    }
}
