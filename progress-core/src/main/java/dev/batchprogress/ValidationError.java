package dev.batchprogress;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a 422 answer's {@code detail} list, in FastAPI's validation shape.
 *
 * @param type the error type, such as {@code bool_parsing}
 * @param location where the invalid value was, such as {@code ["query", "dummy_data"]}
 * @param message the human-readable message
 * @param input the invalid value as sent
 */
public record ValidationError(String type, List<String> location, String message, String input) {

    /**
     * Validates the components and copies the location.
     *
     * @param type the error type
     * @param location where the invalid value was
     * @param message the human-readable message
     * @param input the invalid value as sent
     */
    public ValidationError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(input, "input");
        location = List.copyOf(location);
    }

    /** Returns the error for a {@code dummy_data} value that is not a boolean. */
    static ValidationError dummyDataNotBoolean(String input) {
        return new ValidationError(
                "bool_parsing",
                List.of("query", "dummy_data"),
                "Input should be a valid boolean, unable to interpret input",
                input);
    }
}
