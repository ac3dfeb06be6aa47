package dev.batchprogress;

import java.util.Objects;

/**
 * One decoded {@code name=value} pair of a query string. A name without {@code =} has the empty
 * value.
 *
 * @param name the decoded name
 * @param value the decoded value, possibly empty
 */
public record QueryParameter(String name, String value) {

    /**
     * Validates the components.
     *
     * @param name the decoded name
     * @param value the decoded value, possibly empty
     */
    public QueryParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
