package dev.batchprogress.properties;

import dev.batchprogress.model.TrackingId;
import java.util.List;
import java.util.Locale;

/** Tracking ids for generated runs: canonical ids, their letter-case variants and near misses. */
final class TrackingIds {

    private TrackingIds() {}

    /**
     * Draws a canonical id, {@code 0x} and 64 hexadecimal digits, in mixed letter case. The first
     * two digits are the run's index, so runs of one scenario never share an id, even when every
     * drawn value is the same.
     */
    static String canonical(Draws draws, int index) {
        StringBuilder hex = new StringBuilder(64);
        hex.append(String.format(Locale.ROOT, "%02x", index));
        for (int i = 0; i < 4; i++) {
            hex.append(String.format(Locale.ROOT, "%016x", draws.anyLong()));
        }
        hex.setLength(64);
        return withLetterCase("0x" + hex, draws.anyLong());
    }

    /**
     * Returns the id with the letter case of its hexadecimal digits set by a bit mask: digit {@code
     * i} is upper case when bit {@code i % 64} of the mask is set. The {@code 0x} prefix stays
     * lower case, so the result names the same run.
     */
    static String withLetterCase(String canonicalId, long mask) {
        StringBuilder cased = new StringBuilder(canonicalId.length());
        cased.append("0x");
        for (int i = 2; i < canonicalId.length(); i++) {
            char digit = canonicalId.charAt(i);
            boolean upper = ((mask >>> ((i - 2) % 64)) & 1L) != 0;
            cased.append(upper ? Character.toUpperCase(digit) : Character.toLowerCase(digit));
        }
        return cased.toString();
    }

    /**
     * Returns ids that name no registered run: a canonical id that differs in its last digit, the
     * id with a trailing space (ids are never trimmed), and the digits without the {@code 0x}
     * prefix.
     */
    static List<TrackingId> nearMisses(String canonicalId) {
        char last = Character.toLowerCase(canonicalId.charAt(canonicalId.length() - 1));
        char changed = last == '0' ? '1' : '0';
        String otherDigit = canonicalId.substring(0, canonicalId.length() - 1) + changed;
        return List.of(
                TrackingId.of(otherDigit),
                TrackingId.of(canonicalId + " "),
                TrackingId.of(canonicalId.substring(2)));
    }
}
