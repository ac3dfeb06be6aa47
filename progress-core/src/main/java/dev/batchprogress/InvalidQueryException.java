package dev.batchprogress;

import java.io.Serial;

/**
 * Thrown when a query breaks a rule of its parameters (a 400 response): not exactly one id
 * parameter, a repeated one, no or too many tracking ids, an invalid filename, an undecodable query
 * string, or tracking ids that are not all supply shed runs.
 */
public final class InvalidQueryException extends ProgressException {

    @Serial private static final long serialVersionUID = 1L;

    InvalidQueryException(String detail) {
        super(detail);
    }
}
