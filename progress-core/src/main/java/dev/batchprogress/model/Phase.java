package dev.batchprogress.model;

/** The phase a supply shed flow belongs to, which decides the count it contributes to. */
public enum Phase {
    /** Flows counted in {@code total_number_of_facilities_preprocessing}. */
    PREPROCESSING,
    /** Flows counted in {@code total_number_of_facilities_processing}. */
    PROCESSING
}
