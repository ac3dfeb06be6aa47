package dev.batchprogress;

/** Which of the three lookup parameters a query used; answers of different shapes differ. */
public enum QueryShape {
    /** {@code tracking_id}: one run, answered in the shape of its kind. */
    TRACKING_ID,
    /** {@code tracking_ids}: several supply shed runs, combined into one answer. */
    TRACKING_IDS,
    /** {@code filename}: the run of a submitted file, answered in the shape of its kind. */
    FILENAME
}
