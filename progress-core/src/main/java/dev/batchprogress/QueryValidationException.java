package dev.batchprogress;

import java.io.Serial;
import java.util.List;

/** Thrown when a parameter's value has the wrong type (a 422 response with a list of errors). */
public final class QueryValidationException extends ProgressException {

    @Serial private static final long serialVersionUID = 1L;

    /** The errors of the {@code detail} list, at least one. */
    private final List<ValidationError> errors;

    QueryValidationException(List<ValidationError> errors) {
        super(errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    /** {@return the errors, which form the wire {@code detail} list; never empty} */
    public List<ValidationError> errors() {
        return errors;
    }
}
