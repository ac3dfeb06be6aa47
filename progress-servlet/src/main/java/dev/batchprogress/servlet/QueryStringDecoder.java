package dev.batchprogress.servlet;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.QueryParameter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a raw query string ({@code application/x-www-form-urlencoded}) into the ordered pairs
 * that {@link ProgressQuery#fromParameters} takes.
 *
 * <p>The string is split on {@code &}, and each pair on its first {@code =}; a pair without {@code
 * =} has the empty value, and empty pairs are skipped. Names and values are percent-decoded exactly
 * once, with {@code +} as a space, and the bytes must be UTF-8. A broken {@code %} escape or bytes
 * that are not UTF-8 make the whole query undecodable. No rule about the parameters themselves is
 * applied here: repeated names, empty values and unknown names pass through.
 *
 * <p>Characters that arrive unescaped beyond ASCII are taken as the container decoded them, and
 * their UTF-8 bytes are used. Jetty 12 decodes a request target as UTF-8 and replaces each
 * malformed byte with U+FFFD, so an unescaped U+FFFD also makes the query undecodable. A client
 * that means that character sends it escaped, as {@code %EF%BF%BD}.
 *
 * <p>NOTE: a container that decodes the request target as ISO-8859-1 turns unescaped UTF-8 bytes
 * into other characters before this class sees them. Escaped bytes, which standard clients send,
 * are exact in every container.
 */
final class QueryStringDecoder {

    private static final List<String> ID_PARAMETERS =
            List.of(
                    ProgressQuery.TRACKING_ID,
                    ProgressQuery.TRACKING_IDS,
                    ProgressQuery.TRACKING_IDS_BRACKETS,
                    ProgressQuery.FILENAME);

    /** The character that Jetty puts in place of each byte of the target that is not UTF-8. */
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private QueryStringDecoder() {}

    /**
     * Decodes a raw query string.
     *
     * @param rawQuery the query string as received, without {@code ?}; null or empty for none
     * @return the decoded query
     */
    static DecodedQuery decode(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new DecodedQuery(ProgressQuery.fromParameters(List.of()), false, List.of());
        }

        List<QueryParameter> parameters = new ArrayList<>();
        List<String> trackingIds = new ArrayList<>();
        boolean undecodable = false;
        boolean carriesFilename = false;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int equals = rawQuery.indexOf('=', start);
                boolean hasValue = equals >= 0 && equals < end;
                String name = percentDecode(rawQuery, start, hasValue ? equals : end);
                String value = hasValue ? percentDecode(rawQuery, equals + 1, end) : "";
                carriesFilename |= ProgressQuery.FILENAME.equals(name);
                if (name == null || value == null) {
                    undecodable = true;
                } else {
                    parameters.add(new QueryParameter(name, value));
                    if (ID_PARAMETERS.contains(name)) {
                        trackingIds.add(value);
                    }
                }
            }
            start = end + 1;
        }

        if (undecodable) {
            return new DecodedQuery(ProgressQuery.undecodable(), carriesFilename, List.of());
        }
        return new DecodedQuery(
                ProgressQuery.fromParameters(parameters), carriesFilename, trackingIds);
    }

    /**
     * Percent-decodes {@code raw[from, to)} with {@code +} as a space, and decodes the bytes as
     * UTF-8. Characters other than {@code %} and {@code +} stand for their own UTF-8 bytes.
     *
     * @return the decoded text, or null for a broken escape, a lone surrogate, an unescaped U+FFFD
     *     or bytes that are not UTF-8
     */
    private static @Nullable String percentDecode(String raw, int from, int to) {
        if (isPlain(raw, from, to)) {
            return raw.substring(from, to);
        }

        // A character takes at most 3 bytes, and a surrogate pair takes 4 bytes for 2 characters.
        byte[] bytes = new byte[(to - from) * 3];
        int length = 0;
        int i = from;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 1 < to ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < to ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0 || !isAscii(raw.charAt(i + 1), raw.charAt(i + 2))) {
                    return null;
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 3;
            } else if (c == '+') {
                bytes[length++] = ' ';
                i++;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
                i++;
            } else {
                int codePoint = raw.codePointAt(i);
                boolean loneSurrogate =
                        codePoint >= Character.MIN_SURROGATE
                                && codePoint <= Character.MAX_SURROGATE;
                if (loneSurrogate || codePoint == REPLACEMENT_CHARACTER) {
                    return null;
                }
                byte[] encoded = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(encoded, 0, bytes, length, encoded.length);
                length += encoded.length;
                i += Character.charCount(codePoint);
            }
        }
        return decodeUtf8(bytes, length);
    }

    /** Returns whether {@code raw[from, to)} is ASCII without {@code %} or {@code +}. */
    private static boolean isPlain(String raw, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether both digits of an escape are ASCII, because {@link Character#digit} also
     * accepts other scripts' digits, such as the fullwidth {@code ０}.
     */
    private static boolean isAscii(char high, char low) {
        return high < 0x80 && low < 0x80;
    }

    private static @Nullable String decodeUtf8(byte[] bytes, int length) {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer decoded = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
