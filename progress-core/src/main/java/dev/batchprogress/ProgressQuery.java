package dev.batchprogress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A progress query: the decoded parameters of a request, in request order, or a query string that
 * could not be decoded. {@link ProgressTracker} applies every rule of the parameters, so every
 * adapter, and every in-process caller, gets the same checks in the same order.
 *
 * <p>The parameters are {@code tracking_id}, {@code tracking_ids} (repeated; {@code tracking_ids[]}
 * is the same parameter), {@code filename} (deprecated) and {@code dummy_data}; other names are
 * ignored.
 */
public final class ProgressQuery {

    /** The name of the parameter that requests one run. */
    public static final String TRACKING_ID = "tracking_id";

    /** The name of the repeated parameter that requests several supply shed runs. */
    public static final String TRACKING_IDS = "tracking_ids";

    /** The form of {@link #TRACKING_IDS} that axios and PHP send. */
    public static final String TRACKING_IDS_BRACKETS = "tracking_ids[]";

    /** The name of the deprecated parameter that requests a run by its file's content hash. */
    public static final String FILENAME = "filename";

    /** The name of the parameter that requests a fixed answer without a lookup. */
    public static final String DUMMY_DATA = "dummy_data";

    private static final ProgressQuery UNDECODABLE = new ProgressQuery(List.of(), true);

    private final List<QueryParameter> parameters;
    private final boolean undecodable;

    private ProgressQuery(List<QueryParameter> parameters, boolean undecodable) {
        this.parameters = parameters;
        this.undecodable = undecodable;
    }

    /**
     * Returns the query made of a request's decoded parameters.
     *
     * @param parameters every decoded pair of the query string, in request order
     * @return the query
     */
    public static ProgressQuery fromParameters(List<QueryParameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return new ProgressQuery(List.copyOf(parameters), false);
    }

    /**
     * Returns the query of a request whose query string could not be decoded: a broken {@code %}
     * escape or bytes that are not UTF-8. The tracker rejects it with {@code Invalid query string}
     * once the caller's permission is checked.
     *
     * @return the query
     */
    public static ProgressQuery undecodable() {
        return UNDECODABLE;
    }

    /**
     * Returns the query for one run.
     *
     * @param trackingId the run's tracking id
     * @return the query
     */
    public static ProgressQuery ofTrackingId(String trackingId) {
        return new ProgressQuery(List.of(new QueryParameter(TRACKING_ID, trackingId)), false);
    }

    /**
     * Returns the query for the combined progress of several supply shed runs. An empty list makes
     * a query that the tracker rejects with {@code No tracking ids provided}.
     *
     * @param trackingIds the runs' tracking ids, in order
     * @return the query
     */
    public static ProgressQuery ofTrackingIds(List<String> trackingIds) {
        Objects.requireNonNull(trackingIds, "trackingIds");
        List<QueryParameter> parameters = new ArrayList<>();
        for (String trackingId : trackingIds) {
            parameters.add(new QueryParameter(TRACKING_IDS, trackingId));
        }
        if (parameters.isEmpty()) {
            parameters.add(new QueryParameter(TRACKING_IDS, ""));
        }
        return new ProgressQuery(List.copyOf(parameters), false);
    }

    /**
     * Returns the query for the run submitted with a file, by the file's content hash.
     *
     * @param filename the content hash, {@code 0x} followed by 64 hexadecimal digits
     * @return the query
     */
    public static ProgressQuery ofFilename(String filename) {
        return new ProgressQuery(List.of(new QueryParameter(FILENAME, filename)), false);
    }

    /**
     * Returns this query with {@code dummy_data} set, which requests a fixed answer of the
     * requested shape without any lookup.
     *
     * @param dummyData whether to answer with fixed data
     * @return a new query
     */
    public ProgressQuery withDummyData(boolean dummyData) {
        List<QueryParameter> extended = new ArrayList<>(parameters);
        extended.add(new QueryParameter(DUMMY_DATA, Boolean.toString(dummyData)));
        return new ProgressQuery(List.copyOf(extended), undecodable);
    }

    /** {@return the decoded parameters in request order; empty for an undecodable query} */
    public List<QueryParameter> parameters() {
        return parameters;
    }

    /** {@return whether the query string could not be decoded} */
    public boolean isUndecodable() {
        return undecodable;
    }

    /**
     * Returns whether the query carries the deprecated {@code filename} parameter, in which case
     * every response to it, errors included, is marked deprecated.
     *
     * @return whether a parameter is named {@code filename}
     */
    public boolean usesFilename() {
        for (QueryParameter parameter : parameters) {
            if (parameter.name().equals(FILENAME)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ProgressQuery that
                && undecodable == that.undecodable
                && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parameters, undecodable);
    }

    @Override
    public String toString() {
        return undecodable ? "undecodable query" : "query " + parameters;
    }
}
