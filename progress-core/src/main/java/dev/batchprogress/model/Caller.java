package dev.batchprogress.model;

import java.util.Objects;
import java.util.Set;

/**
 * The requester of progress: an authenticated subject of an organization, with permissions.
 *
 * @param subject the authenticated subject, for logs; never a credential
 * @param organization the organization the subject belongs to, not blank
 * @param permissions what the subject may do
 */
public record Caller(String subject, String organization, Set<Permission> permissions) {

    /**
     * Validates the components and copies the permission set.
     *
     * @param subject the authenticated subject, for logs; never a credential
     * @param organization the organization the subject belongs to, not blank
     * @param permissions what the subject may do
     */
    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(organization, "organization");
        permissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
        if (organization.isBlank()) {
            throw new IllegalArgumentException(
                    "organization of caller '" + subject + "' is blank; expected a name");
        }
    }

    /**
     * Returns whether the caller has a permission.
     *
     * @param permission the permission
     * @return whether the caller's permissions contain it
     */
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    /**
     * Returns the runs this caller may see: every organization's with {@link
     * Permission#READ_ALL_ORGANIZATIONS}, otherwise its own organization's.
     *
     * @return the visibility scope of the caller's queries
     */
    public VisibilityScope scope() {
        return has(Permission.READ_ALL_ORGANIZATIONS)
                ? VisibilityScope.all()
                : VisibilityScope.organization(organization);
    }
}
