package dev.batchprogress.server.data;

import java.util.List;
import java.util.Objects;

/**
 * The facilities of one submitted list, in the order of the file's rows.
 *
 * @param name the name of the list's file
 * @param facilities one facility per data row, possibly none
 */
public record FacilityList(String name, List<Facility> facilities) {

    /** Validates the name and copies the facility list. */
    public FacilityList {
        Objects.requireNonNull(name, "name");
        facilities = List.copyOf(facilities);
    }

    /** Returns the number of facilities, which is the number of data rows. */
    public int size() {
        return facilities.size();
    }

    /** Counts the facilities without usable coordinates. */
    public int ungeocodedCount() {
        return (int) facilities.stream().filter(facility -> !facility.geocoded()).count();
    }
}
