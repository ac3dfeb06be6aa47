package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The browser origins that may read the endpoint's responses (CORS). A disabled policy adds no
 * header at all and accepts no preflight request, so {@code OPTIONS} gets 405 like any other
 * method.
 */
final class CorsPolicy {

    /** The configured origin that allows every origin. */
    static final String ANY_ORIGIN = "*";

    static final CorsPolicy DISABLED = new CorsPolicy(Set.of());

    /** The headers that a script may read besides the CORS-safelisted ones. */
    private static final String EXPOSED_HEADERS =
            "Deprecation, Link, Retry-After, WWW-Authenticate";

    /** The time, in seconds, a browser may cache a preflight response. */
    private static final String PREFLIGHT_MAX_AGE_SECONDS = "600";

    private final Set<String> origins;
    private final boolean anyOrigin;

    private CorsPolicy(Set<String> origins) {
        this.origins = origins;
        this.anyOrigin = origins.contains(ANY_ORIGIN);
    }

    /**
     * Returns the policy that allows the given origins.
     *
     * @param origins serialized origins such as {@code https://status.example.com} or {@code
     *     http://localhost:8080}, or {@code *} for every origin; empty disables CORS
     * @return the policy
     * @throws IllegalArgumentException if an origin has a path, query, user info or a scheme other
     *     than http or https
     */
    static CorsPolicy of(Collection<String> origins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            normalized.add(normalize(origin));
        }
        return normalized.isEmpty() ? DISABLED : new CorsPolicy(Set.copyOf(normalized));
    }

    private static String normalize(String origin) {
        if (origin.equals(ANY_ORIGIN)) {
            return origin;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw invalidOrigin(origin);
        }
        String scheme = uri.getScheme();
        boolean httpScheme = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        boolean onlySchemeHostPort =
                uri.getHost() != null
                        && uri.getRawUserInfo() == null
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null
                        && uri.getRawFragment() == null;
        if (!httpScheme || !onlySchemeHostPort) {
            throw invalidOrigin(origin);
        }
        return origin.toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalidOrigin(String origin) {
        return new IllegalArgumentException(
                "CORS origin '"
                        + origin
                        + "' is invalid; expected scheme://host[:port] such as"
                        + " https://status.example.com, or * for every origin");
    }

    /** Returns whether CORS is enabled. */
    boolean enabled() {
        return !origins.isEmpty();
    }

    /**
     * Returns whether a request is a CORS preflight that this policy accepts: {@code OPTIONS} from
     * an allowed origin that requests GET or HEAD.
     */
    boolean acceptsPreflight(HttpServletRequest request) {
        if (!enabled() || !request.getMethod().equals("OPTIONS")) {
            return false;
        }
        String requestedMethod = request.getHeader("Access-Control-Request-Method");
        return allowedOrigin(request) != null
                && ("GET".equals(requestedMethod) || "HEAD".equals(requestedMethod));
    }

    /**
     * Adds the CORS headers to a reply: {@code Vary: Origin} whenever the response depends on the
     * origin, and the allow headers when the request's origin is allowed.
     *
     * @param request the request
     * @param reply the reply to add to
     * @param preflight whether the reply is the response to an accepted preflight request
     */
    void addHeaders(HttpServletRequest request, Reply reply, boolean preflight) {
        if (!enabled()) {
            return;
        }
        if (!anyOrigin) {
            reply.header("Vary", "Origin");
        }
        String allowed = allowedOrigin(request);
        if (allowed == null) {
            return;
        }

        reply.header("Access-Control-Allow-Origin", allowed);
        if (preflight) {
            reply.header("Access-Control-Allow-Methods", "GET, HEAD");
            reply.header("Access-Control-Allow-Headers", "Authorization");
            reply.header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        } else {
            reply.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    /**
     * Returns the value of {@code Access-Control-Allow-Origin} for a request: {@code *} when every
     * origin is allowed, the request's origin when it is listed, otherwise null.
     */
    private @Nullable String allowedOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        if (anyOrigin) {
            return ANY_ORIGIN;
        }
        return origins.contains(origin) ? origin : null;
    }

    @Override
    public String toString() {
        return enabled() ? "CORS for " + origins : "CORS disabled";
    }
}
