package dev.batchprogress;

import java.io.Serial;

/** Thrown when the caller lacks the read permission (a 403 response). */
public final class PermissionDeniedException extends ProgressException {

    @Serial private static final long serialVersionUID = 1L;

    PermissionDeniedException() {
        super(Details.INSUFFICIENT_PERMISSIONS);
    }
}
