package dev.batchprogress.servlet;

import dev.batchprogress.ProgressTracker;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code GET /batch_progress}: the progress of batch runs as JSON, with the published wire
 * contract's parameters, statuses, headers and {@code detail} strings; {@code GET
 * /batch_progress/stream}: the same answers as server-sent events while they change; and {@code GET
 * /batch_progress/details}, with the same parameters, checks and errors: the same progress, and per
 * run its stages or flows, elapsed time and estimated time left ({@link ProgressTracker#details}).
 *
 * <p>The servlet maps HTTP to a {@link ProgressTracker} and decides no query rule itself. It reads
 * the raw query string, never the container's parameter map, and responds in this order:
 *
 * <ol>
 *   <li>a path it does not serve, such as {@code /batch_progress/x}: 404 {@code Not Found};
 *   <li>a method other than GET or HEAD: 405 {@code Method Not Allowed} with {@code Allow: GET,
 *       HEAD};
 *   <li>no caller from the {@link Authenticator}: 401 {@code Not authenticated} with {@code
 *       WWW-Authenticate: Bearer};
 *   <li>the tracker's exception: 400, 403, 422, or 503 with {@code Retry-After: 2};
 *   <li>for {@code /batch_progress}, the tracker's answer: 200 with a strong {@code ETag} (from the
 *       query's shape and the versions of the runs it covers) and {@code Last-Modified}, or 304
 *       without a body when {@code If-None-Match} names the current tag;
 *   <li>for {@code /batch_progress/stream}, 429 {@code Too many open streams} when the caller
 *       already has 16 open, else a {@code text/event-stream}: a {@code retry} field, the current
 *       answer as a {@code progress} event whose {@code id} is its entity tag, one more per change
 *       (at most one per 250 ms), a {@code : heartbeat} comment every 15 s, and the finished answer
 *       as an {@code end} event, after which the response ends. A client that reconnects with
 *       {@code Last-Event-ID} skips the answer it has. A failure after the stream started comes as
 *       an {@code error} event with the {@code {"detail": ...}} body. Streams use non-blocking
 *       output, so none holds a thread while it waits;
 *   <li>any other failure: 500 {@code Internal server error}, logged with the request's tracking
 *       ids and the caller's subject, and never with a class name or stack trace in the body.
 * </ol>
 *
 * <p>Every JSON body is compact with {@code Content-Type: application/json} and a {@code
 * Content-Length}. A progress answer has {@code Cache-Control: private, no-cache}, and every other
 * response, errors, streams and preflight responses included, has {@code no-store}. HEAD gets the
 * status and headers that GET would get, without the body, and opens no stream. Every response to a
 * request with a {@code filename} parameter, errors included, has the {@code Deprecation} header
 * and, when configured, {@code Link: <url>; rel="deprecation"}. CORS is off unless origins are
 * configured; then preflight {@code OPTIONS} requests from those origins get a 200 response.
 *
 * <p>Create the servlet with {@link #builder(ProgressTracker)} and map it at {@value #URL_PATTERN},
 * with asynchronous processing enabled, which event streams need. For a drop-in deployment, the
 * jar's {@code web-fragment.xml} registers the servlet under the fragment name {@code
 * batch_progress}, with the public no-argument constructor, at {@value #URL_PATTERN}. Before the
 * servlet starts, the web application must set two servlet context attributes, usually from its own
 * {@code ServletContextListener}: {@value #TRACKER_ATTRIBUTE} (a {@link ProgressTracker}) and
 * {@value #AUTHENTICATOR_ATTRIBUTE} (an {@link Authenticator}). The optional settings are context
 * parameters: {@value #DEPRECATION_PARAMETER}, {@value #DEPRECATION_LINK_PARAMETER} and {@value
 * #CORS_ORIGINS_PARAMETER} (comma-separated), and the attribute {@value #METRICS_ATTRIBUTE} (a
 * {@link ServletMetrics}) is optional too. A web application that maps the servlet itself excludes
 * the fragment with {@code <absolute-ordering>} in its {@code web.xml}.
 *
 * <p>Note that the container must accept request lines of at least 128 KiB, so that a query of 1000
 * canonical tracking ids reaches the servlet. Jetty 12 accepts 8 KiB by default ({@code
 * HttpConfiguration.setRequestHeaderSize}); check the limit of other containers too.
 */
public final class BatchProgressServlet extends HttpServlet {

    @Serial private static final long serialVersionUID = 1L;

    /**
     * The URL pattern to map the servlet at; it matches {@code /batch_progress} and paths below.
     */
    public static final String URL_PATTERN = "/batch_progress/*";

    /**
     * The servlet context attribute that contains the {@link ProgressTracker} of a drop-in servlet.
     */
    public static final String TRACKER_ATTRIBUTE = "dev.batchprogress.servlet.tracker";

    /**
     * The servlet context attribute that contains the {@link Authenticator} of a drop-in servlet.
     */
    public static final String AUTHENTICATOR_ATTRIBUTE = "dev.batchprogress.servlet.authenticator";

    /**
     * The optional servlet context attribute that contains the {@link ServletMetrics} of a drop-in
     * servlet. Without it, the servlet reports nothing.
     */
    public static final String METRICS_ATTRIBUTE = "dev.batchprogress.servlet.metrics";

    /** The context parameter that sets the {@code Deprecation} header of a drop-in servlet. */
    public static final String DEPRECATION_PARAMETER = "dev.batchprogress.servlet.deprecation";

    /** The context parameter that sets the deprecation documentation URL of a drop-in servlet. */
    public static final String DEPRECATION_LINK_PARAMETER =
            "dev.batchprogress.servlet.deprecationLink";

    /** The context parameter that lists the CORS origins of a drop-in servlet, comma-separated. */
    public static final String CORS_ORIGINS_PARAMETER = "dev.batchprogress.servlet.corsOrigins";

    /**
     * The default value of the {@code Deprecation} header: the date of {@code
     * 2025-01-01T00:00:00Z}, in the form of RFC 9745 ({@code @} followed by seconds since the Unix
     * epoch).
     */
    public static final String DEFAULT_DEPRECATION = "@1735689600";

    /**
     * Set by the builder, or by {@link #init()} for a drop-in servlet. Transient because the
     * servlet's state is its configuration, which is not serializable.
     */
    private transient volatile @Nullable ProgressEndpoint endpoint;

    /**
     * Creates a drop-in servlet, which reads its tracker and authenticator from the servlet context
     * in {@link #init()}. The container calls this constructor; code that creates the servlet
     * itself uses {@link #builder(ProgressTracker)}.
     */
    public BatchProgressServlet() {
        this.endpoint = null;
    }

    private BatchProgressServlet(ProgressEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Returns a builder of a servlet backed by a tracker.
     *
     * @param tracker the tracker that resolves every query
     * @return a builder with the default deprecation date, no deprecation link and CORS off
     */
    public static Builder builder(ProgressTracker tracker) {
        return new Builder(tracker);
    }

    /**
     * Reads the tracker, the authenticator and the optional context parameters from the servlet
     * context, unless the servlet was created with {@link #builder(ProgressTracker)}.
     *
     * <p>Note that the container decides what a failure here does. Jetty 12.1 marks the whole web
     * application unavailable, so that every path gets 503, and keeps this exception as the reason.
     * A context set to throw on startup failures fails the server's start instead.
     *
     * @throws ServletException if {@value #TRACKER_ATTRIBUTE} or {@value #AUTHENTICATOR_ATTRIBUTE}
     *     is missing or of the wrong type, or a context parameter is invalid; the message names the
     *     attribute or the parameter's value
     */
    @Override
    public void init() throws ServletException {
        if (endpoint != null) {
            return;
        }
        ServletContext context = getServletContext();
        ProgressTracker tracker = attribute(context, TRACKER_ATTRIBUTE, ProgressTracker.class);
        Authenticator authenticator =
                attribute(context, AUTHENTICATOR_ATTRIBUTE, Authenticator.class);
        Builder builder = builder(tracker).authenticator(authenticator);
        if (context.getAttribute(METRICS_ATTRIBUTE) != null) {
            builder.metrics(attribute(context, METRICS_ATTRIBUTE, ServletMetrics.class));
        }

        String deprecation = context.getInitParameter(DEPRECATION_PARAMETER);
        String deprecationLink = context.getInitParameter(DEPRECATION_LINK_PARAMETER);
        String corsOrigins = context.getInitParameter(CORS_ORIGINS_PARAMETER);
        try {
            if (deprecation != null) {
                builder.deprecation(deprecation.strip());
            }
            if (deprecationLink != null && !deprecationLink.isBlank()) {
                builder.deprecationLink(URI.create(deprecationLink.strip()));
            }
            if (corsOrigins != null) {
                builder.corsOrigins(splitList(corsOrigins));
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException(
                    "batch_progress servlet: invalid context parameter: " + e.getMessage(), e);
        }
        endpoint = builder.endpoint();
    }

    private static <T> T attribute(ServletContext context, String name, Class<T> type)
            throws ServletException {
        Object value = context.getAttribute(name);
        if (value == null) {
            throw new ServletException(
                    "batch_progress servlet: servlet context attribute '"
                            + name
                            + "' is missing; set it to a "
                            + type.getName()
                            + " in a ServletContextListener of the web application");
        }
        if (!type.isInstance(value)) {
            throw new ServletException(
                    "batch_progress servlet: servlet context attribute '"
                            + name
                            + "' is a "
                            + value.getClass().getName()
                            + "; expected a "
                            + type.getName());
        }
        return type.cast(value);
    }

    private static List<String> splitList(String commaSeparated) {
        List<String> items = new ArrayList<>();
        for (String item : commaSeparated.split(",", -1)) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /**
     * Returns the number of event streams open now, for monitoring.
     *
     * @return open streams, 0 before the servlet is initialized
     */
    public int openStreams() {
        ProgressEndpoint current = endpoint;
        return current == null ? 0 : current.openStreams();
    }

    /**
     * Ends every open event stream and stops the thread that serves them; later stream requests get
     * 503. A server that waits for requests in progress before it stops calls this first, since an
     * open stream is a request in progress until its run finishes.
     */
    public void endStreams() {
        ProgressEndpoint current = endpoint;
        if (current != null) {
            current.close();
        }
    }

    /** Ends every open event stream, as {@link #endStreams()} does. */
    @Override
    public void destroy() {
        endStreams();
        super.destroy();
    }

    /**
     * Handles a request of any method, with the checks in the order of the class description.
     *
     * @throws IOException if the response cannot be written
     * @throws IllegalStateException if a drop-in servlet is used before {@link #init()}
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ProgressEndpoint current = endpoint;
        if (current == null) {
            throw new IllegalStateException(
                    "batch_progress servlet is not initialized; the container must call init()");
        }
        current.handle(request, response);
    }

    /** Configures a {@link BatchProgressServlet}. Builders are not thread-safe. */
    public static final class Builder {

        /** RFC 9745: {@code @} and an integer of at most 15 digits, seconds since the epoch. */
        private static final Pattern DEPRECATION_DATE = Pattern.compile("@-?[0-9]{1,15}");

        private final ProgressTracker tracker;
        private @Nullable Authenticator authenticator;
        private String deprecation = DEFAULT_DEPRECATION;
        private @Nullable String deprecationLink;
        private CorsPolicy cors = CorsPolicy.DISABLED;
        private ServletMetrics metrics = ServletMetrics.NONE;
        private EventStreams.StreamSettings streams = EventStreams.StreamSettings.DEFAULT;

        private Builder(ProgressTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
        }

        /**
         * Sets how requests are authenticated. Required.
         *
         * @param authenticator the authenticator, such as a {@link BearerTokenAuthenticator}
         * @return this builder
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Sets the {@code Deprecation} header sent on every response to a request with {@code
         * filename}: the date from which that parameter is deprecated.
         *
         * @param date the header value in the form of RFC 9745, {@code @} followed by seconds since
         *     the Unix epoch; {@value #DEFAULT_DEPRECATION} by default
         * @return this builder
         * @throws IllegalArgumentException if the value is not {@code @} followed by an integer of
         *     at most 15 digits
         */
        public Builder deprecation(String date) {
            Objects.requireNonNull(date, "date");
            if (!DEPRECATION_DATE.matcher(date).matches()) {
                throw new IllegalArgumentException(
                        "deprecation date '"
                                + date
                                + "' is invalid; expected @ followed by seconds since the Unix"
                                + " epoch, such as "
                                + DEFAULT_DEPRECATION);
            }
            this.deprecation = date;
            return this;
        }

        /**
         * Sets the documentation of the deprecation, sent as {@code Link: <url>; rel="deprecation"}
         * beside every {@code Deprecation} header. Unset by default, which sends no {@code Link}
         * header.
         *
         * @param documentation the documentation's URL; non-ASCII characters are percent-encoded
         * @return this builder
         */
        public Builder deprecationLink(URI documentation) {
            Objects.requireNonNull(documentation, "documentation");
            this.deprecationLink = "<" + documentation.toASCIIString() + ">; rel=\"deprecation\"";
            return this;
        }

        /**
         * Turns CORS on for the given browser origins, or off for an empty collection (the
         * default). With CORS on, a response to a request from an allowed origin carries {@code
         * Access-Control-Allow-Origin} and exposes the {@code Deprecation}, {@code Link}, {@code
         * Retry-After} and {@code WWW-Authenticate} headers, and a preflight {@code OPTIONS}
         * request for GET or HEAD gets a 200 response, allowing the {@code Authorization} header.
         * Credentials mode (cookies) is not supported.
         *
         * @param origins serialized origins such as {@code https://status.example.com}, or {@code
         *     *} for every origin
         * @return this builder
         * @throws IllegalArgumentException if an origin is not {@code *} and not an http or https
         *     origin without path, query or user info
         */
        public Builder corsOrigins(Collection<String> origins) {
            this.cors = CorsPolicy.of(origins);
            return this;
        }

        /**
         * Sets what receives the servlet's responses by endpoint and status, and the count of its
         * open event streams. Unset by default, which reports nothing.
         *
         * @param metrics the hook, such as a {@code MicrometerMetrics}
         * @return this builder
         */
        public Builder metrics(ServletMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Sets how event streams behave: the shortest time between two events of one stream, the
         * time between two heartbeat comments, and how many streams one caller may have open.
         *
         * @param interval at least 1 ms and at most one hour; 250 ms by default
         * @param heartbeat at least 1 ms and at most one hour; 15 s by default
         * @param maxPerCaller at least 1; 16 by default
         * @return this builder
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public Builder streams(Duration interval, Duration heartbeat, int maxPerCaller) {
            checkRange("stream interval", interval);
            checkRange("stream heartbeat", heartbeat);
            if (maxPerCaller < 1) {
                throw new IllegalArgumentException(
                        "streams per caller "
                                + maxPerCaller
                                + " is out of range; expected at least 1");
            }
            this.streams = new EventStreams.StreamSettings(interval, heartbeat, maxPerCaller);
            return this;
        }

        private static void checkRange(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(Duration.ofMillis(1)) < 0
                    || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        name + " " + value + " is out of range; expected 1 ms to 1 hour");
            }
        }

        /**
         * Returns the servlet.
         *
         * @return a servlet that is ready to serve once the container initializes it
         * @throws IllegalStateException if no authenticator was set
         */
        public BatchProgressServlet build() {
            return new BatchProgressServlet(endpoint());
        }

        private ProgressEndpoint endpoint() {
            if (authenticator == null) {
                throw new IllegalStateException(
                        "batch_progress servlet has no authenticator; call authenticator(...)"
                                + " before build()");
            }
            return new ProgressEndpoint(
                    tracker, authenticator, deprecation, deprecationLink, cors, streams, metrics);
        }
    }
}
