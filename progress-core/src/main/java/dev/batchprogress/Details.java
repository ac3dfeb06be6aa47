package dev.batchprogress;

/**
 * The {@code detail} strings of the wire contract, byte for byte. Adapters use these for the errors
 * they report themselves; everything else comes from {@link ProgressException}s.
 */
public final class Details {

    /** 400: not exactly one of the three id parameters. */
    public static final String EXACTLY_ONE_PARAMETER =
            "Exactly one of filename, tracking_id, or tracking_ids must be provided";

    /** 400: {@code tracking_ids} named a run that is not a supply shed. */
    public static final String ALL_SUPPLY_SHED =
            "All tracking ids must be for batch supply shed runs";

    /** 400: {@code tracking_ids} had no non-empty value. */
    public static final String NO_TRACKING_IDS = "No tracking ids provided";

    /** 400: {@code filename} is not a canonical id. */
    public static final String FILENAME_NOT_A_HASH = "The filename is not a valid hash.";

    /** 400: the query string could not be decoded. */
    public static final String INVALID_QUERY_STRING = "Invalid query string";

    /** 400: the request line or a header was malformed. */
    public static final String BAD_REQUEST = "Bad request";

    /** 401: no valid credentials. */
    public static final String NOT_AUTHENTICATED = "Not authenticated";

    /** 403: the caller lacks the read permission. */
    public static final String INSUFFICIENT_PERMISSIONS = "Insufficient permissions";

    /** 404: a path the adapter does not serve. */
    public static final String NOT_FOUND = "Not Found";

    /** 405: a method other than GET or HEAD. */
    public static final String METHOD_NOT_ALLOWED = "Method Not Allowed";

    /** 414: the request target is too long. */
    public static final String URI_TOO_LONG = "URI Too Long";

    /** 431: the request headers are too large. */
    public static final String HEADERS_TOO_LARGE = "Request Header Fields Too Large";

    /** 429: the caller already has the most event streams open that one caller may have. */
    public static final String TOO_MANY_STREAMS = "Too many open streams";

    /** 500: an unexpected error. */
    public static final String INTERNAL_SERVER_ERROR = "Internal server error";

    /** 503: the run-state source is unavailable. */
    public static final String UNAVAILABLE = "Run state is temporarily unavailable";

    /** The maximum number of distinct ids in one {@code tracking_ids} query. */
    public static final int MAX_TRACKING_IDS = 1000;

    private Details() {}

    /** Returns the 400 detail for a parameter given more than once. */
    public static String providedOnlyOnce(String parameter) {
        return parameter + " must be provided only once";
    }

    /** Returns the 400 detail for more than {@value #MAX_TRACKING_IDS} distinct ids. */
    public static String tooManyTrackingIds(int given) {
        return "Too many tracking ids: "
                + given
                + " given, at most "
                + MAX_TRACKING_IDS
                + " allowed";
    }

    /** Returns the 400 detail for an id that names no visible run, given the id as echoed. */
    public static String runNotFound(String echoedId) {
        return "Unable to find any batch runs for tracking_id: " + echoedId;
    }
}
