package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER;
import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.Caller;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenAuthenticatorTest {

    private final BearerTokenAuthenticator authenticator = Fixtures.authenticator();

    private Optional<Caller> authenticate(String... authorization) {
        return authenticator.authenticate(FakeRequests.withAuthorization(authorization));
    }

    @Nested
    class Accepted {

        @Test
        void knownToken_isItsCaller() {
            assertThat(authenticate("Bearer " + READER_TOKEN)).contains(READER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"bearer", "BEARER", "bEaReR"})
        void schemeName_isCaseInsensitive(String scheme) {
            assertThat(authenticate(scheme + " " + READER_TOKEN)).contains(READER);
        }

        @Test
        void severalSpacesAfterScheme_areAccepted() {
            assertThat(authenticate("Bearer   " + READER_TOKEN)).contains(READER);
        }

        @Test
        void token68WithPadding_isAccepted() {
            Caller caller = Fixtures.GLOBEX_READER;
            BearerTokenAuthenticator padded =
                    BearerTokenAuthenticator.builder().token("a-b.c_d~e+f/g==", caller).build();

            assertThat(
                            padded.authenticate(
                                    FakeRequests.withAuthorization("Bearer a-b.c_d~e+f/g==")))
                    .contains(caller);
        }
    }

    @Nested
    class Rejected {

        @Test
        void missingHeader_authenticatesNobody() {
            assertThat(authenticate()).isEmpty();
        }

        @Test
        void unknownToken_authenticatesNobody() {
            assertThat(authenticate("Bearer " + READER_TOKEN + "x")).isEmpty();
        }

        @Test
        void tokenPrefix_authenticatesNobody() {
            assertThat(authenticate("Bearer " + READER_TOKEN.substring(0, 5))).isEmpty();
        }

        @Test
        void twoHeaders_authenticateNobody() {
            assertThat(authenticate("Bearer " + READER_TOKEN, "Bearer " + READER_TOKEN)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "Bearer",
                    "Bearer ",
                    "Bearer=",
                    "BearerX acme-reader-7Hq2xZ",
                    "Basic acme-reader-7Hq2xZ",
                    "Token acme-reader-7Hq2xZ",
                    "acme-reader-7Hq2xZ",
                    " Bearer acme-reader-7Hq2xZ",
                    "Bearer\tacme-reader-7Hq2xZ",
                    "Bearer acme-reader-7Hq2xZ extra",
                    "Bearer acme-reader-7Hq2xZ,",
                    "Bearer =acme-reader-7Hq2xZ",
                    "Bearer acme-reader=-7Hq2xZ",
                    "Bearer \"acme-reader-7Hq2xZ\"",
                    "Bearer acme-reader-7Hq2xZ\u00e9",
                    "Bearer ===="
                })
        void malformedOrOtherScheme_authenticatesNobody(String authorization) {
            assertThat(authenticate(authorization)).isEmpty();
        }
    }

    @Nested
    class Secrecy {

        @Test
        void toString_showsCountNotTokens() {
            assertThat(authenticator.toString())
                    .isEqualTo("BearerTokenAuthenticator[4 tokens]")
                    .doesNotContain(READER_TOKEN);
        }

        @Test
        void builderToString_showsCountNotTokens() {
            BearerTokenAuthenticator.Builder builder =
                    BearerTokenAuthenticator.builder().token(READER_TOKEN, READER);

            assertThat(builder.toString()).doesNotContain(READER_TOKEN);
        }

        @Test
        void invalidToken_messageNamesSubjectNotToken() {
            assertThatThrownBy(() -> BearerTokenAuthenticator.builder().token("sec ret", READER))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reader@acme")
                    .hasMessageNotContaining("sec ret");
        }

        @Test
        void duplicateToken_messageNamesSubjectNotToken() {
            BearerTokenAuthenticator.Builder builder =
                    BearerTokenAuthenticator.builder().token(READER_TOKEN, READER);

            assertThatThrownBy(() -> builder.token(READER_TOKEN, Fixtures.GLOBEX_READER))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reader@globex")
                    .hasMessageNotContaining(READER_TOKEN);
        }

        @Test
        void emptyTable_authenticatesNobody() {
            BearerTokenAuthenticator empty = BearerTokenAuthenticator.builder().build();

            assertThat(empty.authenticate(FakeRequests.withAuthorization("Bearer x"))).isEmpty();
        }
    }
}
