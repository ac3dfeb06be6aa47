package dev.batchprogress.servlet;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates with the servlet container's own login: the caller is the request's {@linkplain
 * HttpServletRequest#getUserPrincipal() user principal}, its permissions come from the container
 * roles it is in, and its organization from a mapping of the principal.
 *
 * <ul>
 *   <li>No principal (the container authenticated no user): no caller, so the servlet responds with
 *       401.
 *   <li>A principal that the organization mapping maps to nothing or to a blank name: a caller
 *       without any permission, so the tracker rejects it with 403 {@code Insufficient
 *       permissions}, whatever roles the principal has. The container did authenticate the user, so
 *       401 would tell the client to retry credentials that are valid. The first such request of
 *       each principal is logged at WARNING.
 *   <li>Otherwise: a caller with the principal's name as subject, the mapped organization, and the
 *       union of the permissions of its roles. A caller without {@link Permission#READ} gets 403.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe if the organization mapping is.
 */
public final class ContainerAuthenticator implements Authenticator {

    private static final System.Logger LOG =
            System.getLogger(ContainerAuthenticator.class.getName());

    /**
     * The organization of a caller whose principal has no organization. Such a caller has no
     * permission, so the tracker rejects it before it looks up any run.
     */
    static final String UNMAPPED_ORGANIZATION = "(no organization)";

    /** Maximum number of principals whose missing organization is logged at WARNING, once each. */
    private static final int MAX_WARNED_PRINCIPALS = 1000;

    private final Map<String, Set<Permission>> roles;
    private final Function<? super Principal, Optional<String>> organizations;
    private final Set<String> warnedPrincipals = ConcurrentHashMap.newKeySet();

    private ContainerAuthenticator(
            Map<String, Set<Permission>> roles,
            Function<? super Principal, Optional<String>> organizations) {
        this.roles = roles;
        this.organizations = organizations;
    }

    /** {@return a builder without roles or organization mapping} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Authenticates the request's user principal.
     *
     * @param request the request
     * @return the caller, or empty when the container authenticated no user
     */
    @Override
    public Optional<Caller> authenticate(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        String subject = principal.getName();

        Optional<String> organization = organizations.apply(principal);
        if (organization.isEmpty() || organization.get().isBlank()) {
            warnOnce(subject);
            return Optional.of(new Caller(subject, UNMAPPED_ORGANIZATION, Set.of()));
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (Map.Entry<String, Set<Permission>> role : roles.entrySet()) {
            if (request.isUserInRole(role.getKey())) {
                permissions.addAll(role.getValue());
            }
        }
        return Optional.of(new Caller(subject, organization.get(), permissions));
    }

    private void warnOnce(String subject) {
        boolean first =
                warnedPrincipals.size() < MAX_WARNED_PRINCIPALS && warnedPrincipals.add(subject);
        LOG.log(
                first ? Level.WARNING : Level.DEBUG,
                () ->
                        "principal '"
                                + subject
                                + "' has no organization, so its progress queries get 403;"
                                + " map it to an organization in the ContainerAuthenticator");
    }

    @Override
    public String toString() {
        return "ContainerAuthenticator[roles " + roles + "]";
    }

    /** Configures a {@link ContainerAuthenticator}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, Set<Permission>> roles = new LinkedHashMap<>();
        private @Nullable Function<? super Principal, Optional<String>> organizations;

        private Builder() {}

        /**
         * Grants permissions to the members of a container role. A principal in several roles gets
         * the union of their permissions; granting to the same role again adds to its permissions.
         *
         * @param role the role name, as {@link HttpServletRequest#isUserInRole} takes it
         * @param permissions the permissions that the role's members get
         * @return this builder
         * @throws IllegalArgumentException if the role name is blank or no permission is given
         */
        public Builder role(String role, Permission... permissions) {
            Objects.requireNonNull(role, "role");
            if (role.isBlank()) {
                throw new IllegalArgumentException("role name is blank; expected a role name");
            }
            if (permissions.length == 0) {
                throw new IllegalArgumentException(
                        "role '" + role + "' has no permissions; expected at least one");
            }
            Set<Permission> granted =
                    roles.computeIfAbsent(role, r -> EnumSet.noneOf(Permission.class));
            for (Permission permission : permissions) {
                granted.add(Objects.requireNonNull(permission, "permission"));
            }
            return this;
        }

        /**
         * Sets how a principal maps to its organization. Required.
         *
         * @param mapping returns the organization of a principal, or empty when it has none; for a
         *     fixed table, {@code p -> Optional.ofNullable(table.get(p.getName()))}
         * @return this builder
         */
        public Builder organizations(Function<? super Principal, Optional<String>> mapping) {
            this.organizations = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /**
         * Returns the authenticator.
         *
         * @return the authenticator
         * @throws IllegalStateException if no organization mapping was set
         */
        public ContainerAuthenticator build() {
            if (organizations == null) {
                throw new IllegalStateException(
                        "container authenticator has no organization mapping; call"
                                + " organizations(...) before build()");
            }
            Map<String, Set<Permission>> copy = new LinkedHashMap<>();
            roles.forEach((role, permissions) -> copy.put(role, Set.copyOf(permissions)));
            return new ContainerAuthenticator(Map.copyOf(copy), organizations);
        }
    }
}
