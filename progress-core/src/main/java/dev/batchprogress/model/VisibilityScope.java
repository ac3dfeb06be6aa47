package dev.batchprogress.model;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The runs a caller may see: those of one organization, or those of all organizations. Sources are
 * always asked within a scope, and caches key their entries by it.
 */
public final class VisibilityScope {

    private static final VisibilityScope ALL = new VisibilityScope(null);

    private final @Nullable String organization;

    private VisibilityScope(@Nullable String organization) {
        this.organization = organization;
    }

    /** {@return the scope that includes every organization's runs} */
    public static VisibilityScope all() {
        return ALL;
    }

    /**
     * Returns the scope that includes the runs of one organization.
     *
     * @param organization the organization's name, not blank
     * @return the scope
     */
    public static VisibilityScope organization(String organization) {
        Objects.requireNonNull(organization, "organization");
        if (organization.isBlank()) {
            throw new IllegalArgumentException("organization is blank; expected a name");
        }
        return new VisibilityScope(organization);
    }

    /** {@return the one organization this scope includes, or empty when it includes all of them} */
    public Optional<String> onlyOrganization() {
        return Optional.ofNullable(organization);
    }

    /**
     * Returns whether a run owned by an organization is visible in this scope.
     *
     * @param runOrganization the organization that owns the run
     * @return whether the scope includes every organization or that one
     */
    public boolean includes(String runOrganization) {
        return organization == null || organization.equals(runOrganization);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof VisibilityScope that
                && Objects.equals(organization, that.organization);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(organization);
    }

    @Override
    public String toString() {
        return organization == null ? "all organizations" : "organization " + organization;
    }
}
