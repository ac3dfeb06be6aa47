package dev.batchprogress;

import dev.batchprogress.model.TrackingId;
import java.util.List;

/** A query that passed every parameter rule: what to look up, and whether to return dummy data. */
sealed interface ResolvedQuery {

    /** Returns whether the caller requested the fixed dummy answer. */
    boolean dummyData();

    /** Returns the lookup parameter the query used. */
    QueryShape shape();

    /** {@code tracking_id}: one run, returned in the shape of its kind. */
    record One(TrackingId trackingId, boolean dummyData) implements ResolvedQuery {
        @Override
        public QueryShape shape() {
            return QueryShape.TRACKING_ID;
        }
    }

    /**
     * {@code tracking_ids}: several supply shed runs, combined.
     *
     * @param requested the non-empty ids in request order, repeats included
     * @param distinct the distinct ids in order of first appearance
     */
    record Several(List<TrackingId> requested, List<TrackingId> distinct, boolean dummyData)
            implements ResolvedQuery {
        @Override
        public QueryShape shape() {
            return QueryShape.TRACKING_IDS;
        }
    }

    /** {@code filename}: the run with that id, or the latest run submitted with that file. */
    record ByFilename(TrackingId filename, boolean dummyData) implements ResolvedQuery {
        @Override
        public QueryShape shape() {
            return QueryShape.FILENAME;
        }
    }
}
