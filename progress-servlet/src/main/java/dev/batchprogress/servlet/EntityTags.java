package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/** Reads the {@code If-None-Match} request header of RFC 9110, section 13.1.2. */
final class EntityTags {

    private EntityTags() {}

    /**
     * Returns whether the request's {@code If-None-Match} headers name the current entity tag, or
     * are {@code *}. Tags compare weakly, as RFC 9110 requires for this header: a {@code W/} prefix
     * is ignored. A malformed list matches nothing from the first malformed element on.
     *
     * @param request the request
     * @param current the current strong tag, quotes included
     */
    static boolean ifNoneMatchNames(HttpServletRequest request, String current) {
        Enumeration<String> values = request.getHeaders("If-None-Match");
        if (values == null) {
            return false;
        }
        while (values.hasMoreElements()) {
            if (names(values.nextElement(), current)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether one header value, a comma-separated list of tags or {@code *}, names it. */
    static boolean names(String value, String current) {
        int i = 0;
        int length = value.length();
        while (i < length) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= length || value.charAt(i) != '"') {
                return false;
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (value.regionMatches(i, current, 0, current.length())
                    && close + 1 - i == current.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
