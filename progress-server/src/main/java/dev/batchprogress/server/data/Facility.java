package dev.batchprogress.server.data;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One facility of a facility list: one row of the CSV file.
 *
 * @param row the 1-based number of the row among the file's data rows
 * @param id the facility id as written, possibly empty; several rows may share one id
 * @param fuel the facility type as written, such as {@code Coal}, possibly empty
 * @param capacityMegawatts the capacity in MW, or {@code null} when the row gives no usable number
 * @param geocoded whether the row has a latitude in [-90, 90] and a longitude in [-180, 180]
 */
public record Facility(
        int row, String id, String fuel, @Nullable Double capacityMegawatts, boolean geocoded) {

    /** Validates the components. */
    public Facility {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fuel, "fuel");
        if (row < 1) {
            throw new IllegalArgumentException("row " + row + " is invalid; expected 1 or more");
        }
    }
}
