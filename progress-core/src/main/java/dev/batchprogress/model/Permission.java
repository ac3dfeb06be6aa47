package dev.batchprogress.model;

import java.util.Optional;

/** What a caller may do, named on the wire and in token tables by its scope string. */
public enum Permission {
    /** Read the progress of runs; needed for every query. */
    READ("batch_progress:read"),
    /** See the runs of every organization, not only the caller's own. */
    READ_ALL_ORGANIZATIONS("batch_progress:read_all_organizations");

    private final String scope;

    Permission(String scope) {
        this.scope = scope;
    }

    /** {@return the scope string, such as {@code batch_progress:read}} */
    public String scope() {
        return scope;
    }

    /**
     * Returns the permission named by a scope string.
     *
     * @param scope a scope string such as {@code batch_progress:read}
     * @return the permission, or empty when no permission has that scope
     */
    public static Optional<Permission> fromScope(String scope) {
        for (Permission permission : values()) {
            if (permission.scope.equals(scope)) {
                return Optional.of(permission);
            }
        }
        return Optional.empty();
    }
}
