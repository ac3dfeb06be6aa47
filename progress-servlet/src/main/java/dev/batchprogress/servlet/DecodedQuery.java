package dev.batchprogress.servlet;

import dev.batchprogress.ProgressQuery;
import java.util.List;

/**
 * A request's query string after decoding.
 *
 * @param query the query for the tracker, undecodable when any pair could not be decoded
 * @param carriesFilename whether some pair's name decodes to {@code filename}, which marks every
 *     response deprecated; also set for an undecodable query when that pair's name could be decoded
 * @param trackingIds the values of {@code tracking_id}, {@code tracking_ids}, {@code
 *     tracking_ids[]} and {@code filename} in request order, for logs; empty when undecodable
 */
record DecodedQuery(ProgressQuery query, boolean carriesFilename, List<String> trackingIds) {

    /** Copies the id list. */
    DecodedQuery {
        trackingIds = List.copyOf(trackingIds);
    }
}
