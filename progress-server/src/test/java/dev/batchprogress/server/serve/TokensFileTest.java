package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensFileTest {

    @TempDir Path directory;

    private Path write(String... lines) throws IOException {
        return Files.write(directory.resolve("tokens.txt"), List.of(lines));
    }

    @Test
    void read_skipsCommentsAndBlankLines() throws IOException {
        Path file =
                write(
                        "# token=subject,organization,permissions",
                        "",
                        "first-token=dashboard,acme,batch_progress:read",
                        "   ",
                        "  second-token=auditor,acme,batch_progress:read,"
                                + "batch_progress:read_all_organizations  ");

        List<TokenGrant> grants = TokensFile.read(file);

        assertThat(grants)
                .extracting(TokenGrant::token)
                .containsExactly("first-token", "second-token");
        assertThat(grants.get(1).caller().permissions()).hasSize(2);
    }

    @Test
    void readmeExample_isValid() throws IOException {
        Path file =
                write(
                        "# TOKEN=SUBJECT,ORGANIZATION,PERMISSION...",
                        "k7Qw2pLx9vRt=dashboard,demo,batch_progress:read",
                        "c2VjcmV0LWF1ZGl0b3I==auditor,demo,batch_progress:read,"
                                + "batch_progress:read_all_organizations");

        List<TokenGrant> grants = TokensFile.read(file);

        assertThat(grants)
                .extracting(TokenGrant::token)
                .containsExactly("k7Qw2pLx9vRt", "c2VjcmV0LWF1ZGl0b3I=");
        assertThat(grants)
                .extracting(grant -> grant.caller().subject())
                .containsExactly("dashboard", "auditor");
        assertThat(TokenGrant.authenticator(grants).toString()).contains("2 tokens");
    }

    @Test
    void invalidLine_namesFileAndLine() throws IOException {
        Path file = write("# tokens", "good=a,acme,batch_progress:read", "hidden-secret=b,acme");

        assertThatThrownBy(() -> TokensFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens file " + file + " line 3")
                .hasMessageContaining("subject 'b' has no permission")
                .hasMessageNotContaining("hidden-secret");
    }

    @Test
    void fileWithoutTokens_isRejected() throws IOException {
        Path file = write("# nothing yet", "");

        assertThatThrownBy(() -> TokensFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no token");
    }

    @Test
    void missingFile_throwsIOException() {
        assertThatThrownBy(() -> TokensFile.read(directory.resolve("absent.txt")))
                .isInstanceOf(IOException.class);
    }
}
