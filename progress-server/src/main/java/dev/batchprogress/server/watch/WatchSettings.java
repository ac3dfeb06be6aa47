package dev.batchprogress.server.watch;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a watcher. Create them with {@link #builder}.
 *
 * @param baseUrl the server's base URL, to which the watcher appends {@code /batch_progress} and
 *     {@code /batch_progress/stream}; its path has no trailing slash
 * @param token the bearer token sent with every request, never printed
 * @param query the runs to watch
 * @param stream whether to follow the event stream before falling back to polling
 * @param interval the time between two polls of {@code /batch_progress}
 * @param timeout the maximum time to wait for the run to end, or null to wait without limit
 * @param idleTimeout the time without an event or heartbeat after which an open stream counts as
 *     dropped; servers send a heartbeat every 15 s
 * @param attempts how many failed attempts in a row the watcher makes before it gives up on the
 *     stream (and polls) or on polling (and exits)
 * @param reconnectDelay the wait before the first reconnection, unless the stream sets one with
 *     {@code retry}; each further attempt waits twice as long as the one before
 */
public record WatchSettings(
        URI baseUrl,
        String token,
        WatchQuery query,
        boolean stream,
        Duration interval,
        @Nullable Duration timeout,
        Duration idleTimeout,
        int attempts,
        Duration reconnectDelay) {

    /** The default time between two polls. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** The default idle timeout of a stream: three missed heartbeats. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(45);

    /** The default number of failed attempts in a row before the watcher gives up. */
    public static final int DEFAULT_ATTEMPTS = 5;

    /** The default wait before the first reconnection. */
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** The maximum wait between two reconnections. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if the base URL is not an absolute http or https URL without
     *     query, the token is not a bearer token, a duration is not positive, or attempts is not
     *     positive
     */
    public WatchSettings {
        Objects.requireNonNull(query, "query");
        baseUrl = parseBaseUrl(baseUrl.toString());
        checkToken(token);
        checkPositive("interval", interval);
        if (timeout != null) {
            checkPositive("timeout", timeout);
        }
        checkPositive("idle timeout", idleTimeout);
        checkPositive("reconnect delay", reconnectDelay);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts is " + attempts + "; expected 1 or more");
        }
    }

    /**
     * Returns a builder with the default settings.
     *
     * @param baseUrl the server's base URL, see {@link #parseBaseUrl}
     * @param token the bearer token
     * @param query the runs to watch
     */
    public static Builder builder(URI baseUrl, String token, WatchQuery query) {
        return new Builder(baseUrl, token, query);
    }

    /** Returns the timeout, or empty to wait without limit. */
    public Optional<Duration> maxWait() {
        return Optional.ofNullable(timeout);
    }

    /** Returns the URL of {@code GET /batch_progress} with the query. */
    public URI pollUrl() {
        return URI.create(baseUrl + "/batch_progress?" + query.queryString());
    }

    /** Returns the URL of {@code GET /batch_progress/stream} with the query. */
    public URI streamUrl() {
        return URI.create(baseUrl + "/batch_progress/stream?" + query.queryString());
    }

    /**
     * Parses a server's base URL: an absolute {@code http} or {@code https} URL with a host and
     * without query, fragment or user information, such as {@code http://127.0.0.1:8080}. A path
     * ending in {@code /batch_progress}, the URL that {@code serve} prints, is cut to the base, and
     * a trailing slash is dropped.
     *
     * @param text the URL as the user typed it
     * @return the base URL without a trailing slash
     * @throws IllegalArgumentException if the text is not such a URL; the message shows it
     */
    public static URI parseBaseUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalidUrl(text, e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalidUrl(text, "the scheme is not http or https");
        }
        if (url.getHost() == null) {
            throw invalidUrl(text, "it has no host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalidUrl(text, "it has a query or fragment");
        }
        if (url.getRawUserInfo() != null) {
            throw invalidUrl(text, "it has user information; give the token with --token");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/batch_progress")) {
            path = path.substring(0, path.length() - "/batch_progress".length());
        }
        String authority = url.getRawAuthority();
        return URI.create(scheme + "://" + authority + path);
    }

    private static IllegalArgumentException invalidUrl(String text, String reason) {
        return new IllegalArgumentException(
                "'"
                        + text
                        + "' is not a valid server URL ("
                        + reason
                        + "); expected a URL such as http://127.0.0.1:8080");
    }

    /**
     * Checks the {@code token68} syntax of RFC 7235, which a bearer token must have. The message
     * never shows the token.
     */
    private static void checkToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException(
                    "the token is empty; give it with --token or PROGRESS_TOKEN");
        }
        int end = token.length();
        while (end > 0 && token.charAt(end - 1) == '=') {
            end--;
        }
        boolean valid = end > 0;
        for (int i = 0; i < end && valid; i++) {
            char c = token.charAt(i);
            valid =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "-._~+/".indexOf(c) >= 0;
        }
        if (!valid) {
            throw new IllegalArgumentException(
                    "the token is not a valid bearer token; expected letters, digits and"
                            + " - . _ ~ + /, with = only at the end");
        }
    }

    private static void checkPositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    name + " is " + duration + "; expected a positive duration");
        }
    }

    /** Returns the settings with the token left out, so that logs and messages never show it. */
    @Override
    public String toString() {
        return "WatchSettings[baseUrl="
                + baseUrl
                + ", query="
                + query
                + ", stream="
                + stream
                + ", interval="
                + interval
                + ", timeout="
                + timeout
                + ", idleTimeout="
                + idleTimeout
                + ", attempts="
                + attempts
                + ", reconnectDelay="
                + reconnectDelay
                + "]";
    }

    /** Builds {@link WatchSettings}; starts with the defaults. Builders are not thread-safe. */
    public static final class Builder {

        private final URI baseUrl;
        private final String token;
        private final WatchQuery query;
        private boolean stream = true;
        private Duration interval = DEFAULT_INTERVAL;
        private @Nullable Duration timeout;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int attempts = DEFAULT_ATTEMPTS;
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;

        private Builder(URI baseUrl, String token, WatchQuery query) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.token = Objects.requireNonNull(token, "token");
            this.query = Objects.requireNonNull(query, "query");
        }

        /** Sets whether to follow the event stream first; true by default. */
        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /** Sets the time between two polls; {@link #DEFAULT_INTERVAL} by default. */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** Sets the maximum time to wait, or null to wait without limit, the default. */
        public Builder timeout(@Nullable Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets the idle timeout of a stream; {@link #DEFAULT_IDLE_TIMEOUT} by default. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Sets the failed attempts in a row before giving up; {@link #DEFAULT_ATTEMPTS}. */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /** Sets the wait before the first reconnection; {@link #DEFAULT_RECONNECT_DELAY}. */
        public Builder reconnectDelay(Duration reconnectDelay) {
            this.reconnectDelay = reconnectDelay;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @throws IllegalArgumentException if a value is invalid, see {@link WatchSettings}
         */
        public WatchSettings build() {
            return new WatchSettings(
                    baseUrl,
                    token,
                    query,
                    stream,
                    interval,
                    timeout,
                    idleTimeout,
                    attempts,
                    reconnectDelay);
        }
    }
}
