package dev.batchprogress.server.data;

import java.io.Serial;

/**
 * Thrown when an input file cannot be replayed: it is not valid JSON or CSV, a field or column is
 * missing, or a value breaks a rule such as an acyclic task graph. The message starts with the
 * file's name and names the bad value.
 */
public final class InvalidInputException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    private final String fileName;

    /**
     * Creates the exception.
     *
     * @param fileName the name of the file that failed
     * @param detail what is wrong and what was expected, without the file name
     */
    public InvalidInputException(String fileName, String detail) {
        super(fileName + ": " + detail);
        this.fileName = fileName;
    }

    /**
     * Creates the exception for a failure of the underlying reader.
     *
     * @param fileName the name of the file that failed
     * @param detail what is wrong and what was expected, without the file name
     * @param cause the reader's exception
     */
    public InvalidInputException(String fileName, String detail, Throwable cause) {
        super(fileName + ": " + detail, cause);
        this.fileName = fileName;
    }

    /** Returns the name of the file that failed. */
    public String fileName() {
        return fileName;
    }
}
