package dev.batchprogress.servlet;

import dev.batchprogress.Sha256;
import dev.batchprogress.model.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates {@code Authorization: Bearer <token>} against a fixed table of tokens (RFC 6750),
 * each mapped to a caller.
 *
 * <p>The scheme name is case-insensitive, and one or more spaces separate it from the token. A
 * missing header, more than one {@code Authorization} header, another scheme, a malformed header
 * and an unknown token all return no caller, so the servlet responds with 401.
 *
 * <p>The table keeps SHA-256 digests of the tokens, never the tokens. A presented token is hashed
 * and compared with every digest in the table by {@link MessageDigest#isEqual}, which takes the
 * same time wherever two digests differ, so the time of a request does not show how much of a token
 * was right. Tokens never appear in logs, exception messages or {@link #toString()}. Instances are
 * immutable and thread-safe.
 *
 * <p>Note that each request compares against every entry, so the cost grows with the table; a table
 * of thousands of tokens belongs in an {@link Authenticator} backed by a token service.
 */
public final class BearerTokenAuthenticator implements Authenticator {

    private static final String SCHEME = "bearer";

    private final List<byte[]> digests;
    private final List<Caller> callers;

    private BearerTokenAuthenticator(List<byte[]> digests, List<Caller> callers) {
        this.digests = digests;
        this.callers = callers;
    }

    /** Returns a builder of an empty token table. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Authenticates the request's bearer token.
     *
     * @param request the request
     * @return the caller the token is mapped to, or empty when the request has no {@code
     *     Authorization} header, more than one, another scheme, a malformed value or an unknown
     *     token
     */
    @Override
    public Optional<Caller> authenticate(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return Optional.empty();
        }
        String authorization = headers.nextElement();
        if (headers.hasMoreElements()) {
            return Optional.empty();
        }
        String token = tokenOf(authorization);
        if (token == null) {
            return Optional.empty();
        }

        byte[] presented = sha256(token);
        int match = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), presented)) {
                match = i;
            }
        }
        return match < 0 ? Optional.empty() : Optional.of(callers.get(match));
    }

    /**
     * Returns the token of an {@code Authorization} value of the Bearer scheme, or null when the
     * value has another scheme or is malformed.
     */
    private static @Nullable String tokenOf(String authorization) {
        int space = authorization.indexOf(' ');
        if (space != SCHEME.length() || !authorization.regionMatches(true, 0, SCHEME, 0, space)) {
            return null;
        }
        int start = space;
        while (start < authorization.length() && authorization.charAt(start) == ' ') {
            start++;
        }
        String token = authorization.substring(start);
        return isToken68(token) ? token : null;
    }

    /**
     * Returns whether a value has the {@code token68} syntax of RFC 7235: letters, digits and
     * {@code -._~+/}, then optional trailing {@code =}.
     */
    static boolean isToken68(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '-'
                            || c == '.'
                            || c == '_'
                            || c == '~'
                            || c == '+'
                            || c == '/';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String token) {
        return Sha256.newDigest().digest(token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Returns the number of tokens, and never a token or digest. */
    @Override
    public String toString() {
        return "BearerTokenAuthenticator[" + digests.size() + " tokens]";
    }

    /** Collects the token table of a {@link BearerTokenAuthenticator}. Not thread-safe. */
    public static final class Builder {

        private final List<byte[]> digests = new ArrayList<>();
        private final List<Caller> callers = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a token.
         *
         * @param token the secret, with the {@code token68} syntax of RFC 7235 (letters, digits,
         *     {@code -._~+/}, then optional {@code =}), such as a base64url string
         * @param caller who presents this token
         * @return this builder
         * @throws IllegalArgumentException if the token is not {@code token68} or is already in the
         *     table; the message names the caller's subject, never the token
         */
        public Builder token(String token, Caller caller) {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(caller, "caller");
            if (!isToken68(token)) {
                throw new IllegalArgumentException(
                        "token of subject '"
                                + caller.subject()
                                + "' is invalid; expected letters, digits and -._~+/ followed by"
                                + " optional = (RFC 7235 token68)");
            }
            byte[] digest = sha256(token);
            for (byte[] known : digests) {
                if (MessageDigest.isEqual(known, digest)) {
                    throw new IllegalArgumentException(
                            "token of subject '"
                                    + caller.subject()
                                    + "' is already in the table; expected a distinct token per"
                                    + " caller");
                }
            }
            digests.add(digest);
            callers.add(caller);
            return this;
        }

        /**
         * Returns the authenticator of the tokens added so far; an empty table accepts no token.
         */
        public BearerTokenAuthenticator build() {
            return new BearerTokenAuthenticator(List.copyOf(digests), List.copyOf(callers));
        }

        /** Returns the number of tokens, and never a token or digest. */
        @Override
        public String toString() {
            return "BearerTokenAuthenticator.Builder[" + digests.size() + " tokens]";
        }
    }
}
