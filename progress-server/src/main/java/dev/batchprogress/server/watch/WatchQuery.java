package dev.batchprogress.server.watch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The runs a watcher follows: one {@code tracking_id}, answered in the shape of its run's kind, or
 * several {@code tracking_ids} of supply shed runs, answered as one combined supply shed answer.
 *
 * @param trackingIds the ids in request order, at least one, none empty
 * @param combined whether the query sends {@code tracking_ids} rather than {@code tracking_id}
 */
public record WatchQuery(List<String> trackingIds, boolean combined) {

    /**
     * Validates the ids and copies the list.
     *
     * @throws IllegalArgumentException if there is no id, an id is empty, or a {@code tracking_id}
     *     query has more than one id
     */
    public WatchQuery {
        trackingIds = List.copyOf(trackingIds);
        if (trackingIds.isEmpty()) {
            throw new IllegalArgumentException("no tracking id given; expected at least one");
        }
        if (trackingIds.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a tracking id is empty; expected a tracking id");
        }
        if (!combined && trackingIds.size() > 1) {
            throw new IllegalArgumentException(
                    trackingIds.size() + " tracking ids given for tracking_id; expected one");
        }
    }

    /** Returns a query for one run, such as a batch process. */
    public static WatchQuery ofTrackingId(String trackingId) {
        return new WatchQuery(List.of(trackingId), false);
    }

    /** Returns a combined query for one or more supply shed runs. */
    public static WatchQuery ofTrackingIds(List<String> trackingIds) {
        return new WatchQuery(trackingIds, true);
    }

    /**
     * Returns the query string, without the {@code ?}: {@code tracking_id=<id>}, or one {@code
     * tracking_ids=<id>} per id in order, each value percent-encoded.
     */
    public String queryString() {
        String name = combined ? "tracking_ids=" : "tracking_id=";
        StringBuilder query = new StringBuilder();
        for (String id : trackingIds) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(name).append(URLEncoder.encode(id, StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
