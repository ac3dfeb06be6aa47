package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContainerAuthenticatorTest {

    private static final Map<String, String> ORGANIZATIONS =
            Map.of("alice", "acme", "olga", "acme");

    private final ContainerAuthenticator authenticator =
            ContainerAuthenticator.builder()
                    .role("progress-reader", Permission.READ)
                    .role("progress-operator", Permission.READ, Permission.READ_ALL_ORGANIZATIONS)
                    .organizations(
                            principal ->
                                    Optional.ofNullable(ORGANIZATIONS.get(principal.getName())))
                    .build();

    private Optional<Caller> authenticate(String principal, String... roles) {
        return authenticator.authenticate(FakeRequests.withPrincipal(principal, Set.of(roles)));
    }

    @Nested
    class Principal {

        @Test
        void noPrincipal_authenticatesNobody() {
            assertThat(authenticate(null)).isEmpty();
        }

        @Test
        void readerRole_grantsRead() {
            assertThat(authenticate("alice", "progress-reader"))
                    .contains(new Caller("alice", "acme", Set.of(Permission.READ)));
        }

        @Test
        void severalRoles_grantTheUnion() {
            assertThat(authenticate("olga", "progress-reader", "progress-operator"))
                    .contains(
                            new Caller(
                                    "olga",
                                    "acme",
                                    Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS)));
        }

        @Test
        void noMappedRole_grantsNothing() {
            assertThat(authenticate("alice", "accounting"))
                    .contains(new Caller("alice", "acme", Set.of()));
        }
    }

    @Nested
    class UnmappedOrganization {

        @Test
        void principalWithoutOrganization_getsNoPermission() {
            Optional<Caller> caller = authenticate("mallory", "progress-operator");

            assertThat(caller).isPresent();
            assertThat(caller.get().permissions()).isEmpty();
            assertThat(caller.get().subject()).isEqualTo("mallory");
        }

        @Test
        void blankOrganization_getsNoPermission() {
            ContainerAuthenticator blank =
                    ContainerAuthenticator.builder()
                            .role("progress-reader", Permission.READ)
                            .organizations(principal -> Optional.of(" "))
                            .build();

            Optional<Caller> caller =
                    blank.authenticate(
                            FakeRequests.withPrincipal("alice", Set.of("progress-reader")));

            assertThat(caller.map(Caller::permissions)).contains(Set.of());
        }
    }

    @Nested
    class Configuration {

        @Test
        void missingOrganizationMapping_isRejected() {
            ContainerAuthenticator.Builder builder =
                    ContainerAuthenticator.builder().role("progress-reader", Permission.READ);

            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("organizations(...)");
        }

        @Test
        void roleWithoutPermissions_isRejected() {
            assertThatThrownBy(() -> ContainerAuthenticator.builder().role("progress-reader"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("progress-reader");
        }

        @Test
        void blankRole_isRejected() {
            assertThatThrownBy(() -> ContainerAuthenticator.builder().role(" ", Permission.READ))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
