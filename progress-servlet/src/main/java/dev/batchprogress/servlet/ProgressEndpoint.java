package dev.batchprogress.servlet;

import dev.batchprogress.Details;
import dev.batchprogress.PermissionDeniedException;
import dev.batchprogress.ProgressAnswer;
import dev.batchprogress.ProgressException;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.ProgressUnavailableException;
import dev.batchprogress.QueryValidationException;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.TrackingId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maps one HTTP request to the tracker and the tracker's answer or exception to one HTTP response.
 *
 * <p>The checks that only HTTP has run here, in this order: a path the servlet does not serve
 * (404), a method other than GET or HEAD (405), no valid credentials (401). Every other rule is the
 * tracker's. Then a progress answer becomes a 200 with its entity tag, or a 304 when the request's
 * {@code If-None-Match} names that tag, a stream request opens an event stream unless the caller
 * has too many open (429), and {@code /batch_progress/details} answers the tracker's per-run
 * breakdown, with the same checks and errors. Thread-safe.
 */
final class ProgressEndpoint {

    private static final System.Logger LOG = System.getLogger(BatchProgressServlet.class.getName());

    /** The value of {@code Retry-After}, in seconds, on a 503 response. */
    private static final String RETRY_AFTER_SECONDS = "2";

    /** Maximum number of ids that one log line names. */
    private static final int LOGGED_IDS = 10;

    private static final String UNAUTHENTICATED = "(unauthenticated)";

    private final ProgressTracker tracker;
    private final Authenticator authenticator;
    private final String deprecation;
    private final @Nullable String deprecationLink;
    private final CorsPolicy cors;
    private final ServletMetrics metrics;
    private final ProgressJson json = ProgressJson.create();
    private final AnswerBodies bodies = new AnswerBodies(json);
    private final EventStreams streams;

    ProgressEndpoint(
            ProgressTracker tracker,
            Authenticator authenticator,
            String deprecation,
            @Nullable String deprecationLink,
            CorsPolicy cors,
            EventStreams.StreamSettings streamSettings,
            ServletMetrics metrics) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.deprecation = Objects.requireNonNull(deprecation, "deprecation");
        this.deprecationLink = deprecationLink;
        this.cors = Objects.requireNonNull(cors, "cors");
        this.streams = new EventStreams(tracker, streamSettings, json, bodies);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.openStreams(streams::open);
    }

    /** Returns the number of event streams open now. */
    int openStreams() {
        return streams.open();
    }

    /** Ends every open event stream; called when the servlet is destroyed. */
    void close() {
        streams.close();
    }

    /**
     * Handles one request: decodes the query, runs the HTTP checks and the tracker, and sends the
     * response.
     *
     * @param request the request, whose body is never read
     * @param response the response, not yet committed
     * @throws IOException if the response cannot be written
     */
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        Endpoint endpoint = Endpoint.of(request);
        Reply reply;
        try {
            reply = reply(request, endpoint);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error unexpected) {
            // A defect in this class: the checks below catch what the authenticator and the
            // tracker throw, with the caller's subject and the request's ids.
            reply = internalError(UNAUTHENTICATED, "[not decoded]", unexpected);
        }
        // Counted before sending: the container may complete the exchange, and the client may
        // act on it, before send returns.
        metrics.requestCompleted(endpoint, reply.status(), System.nanoTime() - start);
        reply.send(request, response);
    }

    private Reply reply(HttpServletRequest request, Endpoint endpoint) {
        DecodedQuery query = QueryStringDecoder.decode(request.getQueryString());
        boolean preflight = endpoint != Endpoint.OTHER && cors.acceptsPreflight(request);

        Reply reply = preflight ? Reply.preflight() : check(request, endpoint, query);
        if (query.carriesFilename()) {
            reply.header("Deprecation", deprecation);
            if (deprecationLink != null) {
                reply.header("Link", deprecationLink);
            }
        }
        cors.addHeaders(request, reply, preflight);
        return reply;
    }

    /** Runs the checks in the contract's order, the tracker's last, and returns the first reply. */
    private Reply check(HttpServletRequest request, Endpoint endpoint, DecodedQuery query) {
        String subject = UNAUTHENTICATED;
        try {
            if (endpoint == Endpoint.OTHER) {
                return error(HttpServletResponse.SC_NOT_FOUND, Details.NOT_FOUND);
            }
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return error(HttpServletResponse.SC_METHOD_NOT_ALLOWED, Details.METHOD_NOT_ALLOWED)
                        .header("Allow", "GET, HEAD");
            }

            Optional<Caller> caller = authenticator.authenticate(request);
            if (caller.isEmpty()) {
                LOG.log(
                        Level.DEBUG,
                        () -> "answered 401: no valid credentials, tracking ids " + ids(query));
                return error(HttpServletResponse.SC_UNAUTHORIZED, Details.NOT_AUTHENTICATED)
                        .header("WWW-Authenticate", "Bearer");
            }
            subject = caller.get().subject();
            return answer(request, endpoint, caller.get(), query);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error unexpected) {
            return internalError(subject, ids(query), unexpected);
        }
    }

    /**
     * Logs an unexpected failure with its stack trace and returns the 500 reply, which has none.
     */
    private Reply internalError(String subject, String ids, Throwable unexpected) {
        LOG.log(
                Level.ERROR,
                "failed to answer a progress query of subject '"
                        + subject
                        + "' for tracking ids "
                        + ids
                        + "; answered 500",
                unexpected);
        return error(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Details.INTERNAL_SERVER_ERROR);
    }

    /**
     * Calls the tracker and maps its answer or exception. The source failures behind a 503 are
     * logged at WARNING by the tracker, so this logs every {@link ProgressException} at DEBUG only.
     */
    private Reply answer(
            HttpServletRequest request, Endpoint endpoint, Caller caller, DecodedQuery query) {
        ProgressAnswer answer;
        try {
            if (endpoint == Endpoint.DETAILS) {
                return Reply.details(json.toJsonBytes(tracker.details(caller, query.query())));
            }
            answer = tracker.answer(caller, query.query());
        } catch (ProgressException failure) {
            int status = status(failure);
            LOG.log(
                    Level.DEBUG,
                    () ->
                            "answered "
                                    + status
                                    + " to subject '"
                                    + caller.subject()
                                    + "' for tracking ids "
                                    + ids(query)
                                    + ": "
                                    + failure.detail());
            Reply reply = Reply.error(status, utf8(json.errorJson(failure)));
            if (failure instanceof ProgressUnavailableException) {
                reply.header("Retry-After", RETRY_AFTER_SECONDS);
            }
            return reply;
        }
        if (endpoint == Endpoint.STREAM) {
            return stream(request, caller, query, answer);
        }
        String tag = answer.entityTag();
        if (EntityTags.ifNoneMatchNames(request, tag)) {
            return Reply.notModified(tag, answer.lastModified());
        }
        return Reply.answer(bodies.of(answer.progress()), tag, answer.lastModified());
    }

    /**
     * Returns the reply that opens an event stream, or 429 when the caller has too many open. HEAD
     * takes no slot, as it opens nothing.
     */
    private Reply stream(
            HttpServletRequest request, Caller caller, DecodedQuery query, ProgressAnswer first) {
        if (request.getMethod().equals("HEAD")) {
            return Reply.eventStream((ignoredRequest, ignoredResponse) -> {});
        }
        if (!request.isAsyncSupported()) {
            throw new IllegalStateException(
                    "batch_progress servlet is not async-supported; event streams need"
                            + " <async-supported>true</async-supported> or"
                            + " ServletHolder.setAsyncSupported(true)");
        }
        if (!streams.accepting()) {
            // The servlet is being destroyed; the client retries on another instance.
            return error(HttpServletResponse.SC_SERVICE_UNAVAILABLE, Details.UNAVAILABLE)
                    .header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (!streams.reserve(caller)) {
            return error(429, Details.TOO_MANY_STREAMS);
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        return Reply.eventStream(
                        (startRequest, response) ->
                                streams.open(
                                        startRequest,
                                        response,
                                        caller,
                                        query.query(),
                                        first,
                                        lastEventId))
                .header("X-Accel-Buffering", "no");
    }

    /** Returns the status of a tracker exception. The two kinds not named here are 400s. */
    private static int status(ProgressException failure) {
        if (failure instanceof PermissionDeniedException) {
            return HttpServletResponse.SC_FORBIDDEN;
        }
        if (failure instanceof QueryValidationException) {
            return 422;
        }
        if (failure instanceof ProgressUnavailableException) {
            return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
        return HttpServletResponse.SC_BAD_REQUEST;
    }

    private Reply error(int status, String detail) {
        return Reply.error(status, utf8(json.errorJson(detail)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the request's first ids for a log line, each cut to 128 code points, with control
     * characters escaped so that an id cannot forge a log line.
     */
    private static String ids(DecodedQuery query) {
        List<String> ids = query.trackingIds();
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Math.min(ids.size(), LOGGED_IDS); i++) {
            if (i > 0) {
                text.append(", ");
            }
            escapeControlCharacters(TrackingId.echo(ids.get(i)), text);
        }
        if (ids.size() > LOGGED_IDS) {
            text.append(", and ").append(ids.size() - LOGGED_IDS).append(" more");
        }
        return text.append(']').toString();
    }

    private static void escapeControlCharacters(String value, StringBuilder text) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
    }
}
