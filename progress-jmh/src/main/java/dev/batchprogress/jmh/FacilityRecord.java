package dev.batchprogress.jmh;

/**
 * One facility as an orchestrator without this library keeps it: an object with a mutable status,
 * one per facility, in a list or array that a progress query walks.
 */
public final class FacilityRecord {

    FacilityStatus status = FacilityStatus.QUEUED;
}
