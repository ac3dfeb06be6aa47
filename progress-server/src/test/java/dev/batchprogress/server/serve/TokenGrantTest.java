package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.Permission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenGrantTest {

    @Nested
    class Parse {

        @Test
        void entry_givesTokenAndCaller() {
            TokenGrant grant = TokenGrant.parse("s3cret=alice,acme,batch_progress:read");

            assertThat(grant.token()).isEqualTo("s3cret");
            assertThat(grant.caller().subject()).isEqualTo("alice");
            assertThat(grant.caller().organization()).isEqualTo("acme");
            assertThat(grant.caller().permissions()).containsExactly(Permission.READ);
        }

        @Test
        void twoPermissions_areBothGranted() {
            TokenGrant grant =
                    TokenGrant.parse(
                            "t=audit, acme , batch_progress:read,"
                                    + " batch_progress:read_all_organizations");

            assertThat(grant.caller().organization()).isEqualTo("acme");
            assertThat(grant.caller().permissions())
                    .isEqualTo(Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {"c2VjcmV0=|c2VjcmV0", "c2VjcmV0==|c2VjcmV0=", "c2VjcmV0===|c2VjcmV0=="})
        void base64Padding_staysInTheToken(String prefix, String token) {
            TokenGrant grant = TokenGrant.parse(prefix + "alice,acme,batch_progress:read");

            assertThat(grant.token()).isEqualTo(token);
            assertThat(grant.caller().subject()).isEqualTo("alice");
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "no-separator-secret|has no TOKEN= part",
                    "=alice,acme,batch_progress:read|has no TOKEN= part",
                    "secret=,acme,batch_progress:read|blank subject",
                    "secret=alice|subject 'alice' has no organization and no permission",
                    "secret=alice,acme|subject 'alice' has no permission",
                    "secret=alice, ,batch_progress:read|subject 'alice' has a blank organization",
                    "secret=alice,acme,batch_progress:write|permission 'batch_progress:write' of"
                            + " subject 'alice' is unknown"
                })
        void invalidEntry_isRejectedWithoutTheToken(String entry, String message) {
            assertThatThrownBy(() -> TokenGrant.parse(entry))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(message)
                    .hasMessageContaining("expected")
                    .hasMessageNotContaining("secret=")
                    .hasMessageNotContaining("no-separator-secret");
        }
    }

    @Nested
    class Demo {

        @Test
        void demo_readsItsOrganizationOnly() {
            TokenGrant grant = TokenGrant.demo("demo");

            assertThat(grant.caller().organization()).isEqualTo("demo");
            assertThat(grant.caller().permissions()).containsExactly(Permission.READ);
        }

        @Test
        void demo_isNewEachTime() {
            assertThat(TokenGrant.demo("demo").token())
                    .isNotEqualTo(TokenGrant.demo("demo").token());
        }

        @Test
        void demo_isAcceptedByTheAuthenticator() {
            TokenGrant grant = TokenGrant.demo("demo");

            assertThat(grant.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(TokenGrant.authenticator(List.of(grant)).toString()).contains("1 tokens");
        }
    }

    @Test
    void toString_hidesTheToken() {
        TokenGrant grant = TokenGrant.parse("s3cret-value=alice,acme,batch_progress:read");

        assertThat(grant.toString()).contains("alice").doesNotContain("s3cret-value");
    }

    @Test
    void authenticator_rejectsInvalidTokenNamingTheSubject() {
        TokenGrant grant = TokenGrant.parse("bad token!=alice,acme,batch_progress:read");

        assertThatThrownBy(() -> TokenGrant.authenticator(List.of(grant)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject 'alice'")
                .hasMessageNotContaining("bad token!");
    }
}
