package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuilderTest {

    private final BatchProgressServlet.Builder builder =
            BatchProgressServlet.builder(ProgressTracker.create(InMemoryRunStore.create()));

    @Test
    void missingAuthenticator_isRejected() {
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("authenticator(...)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1735689600",
                "@",
                "@abc",
                "@1.5",
                "@ 1",
                "@1234567890123456",
                "Wed, 01 Jan 2025"
            })
    void invalidDeprecationDate_isRejected(String date) {
        assertThatThrownBy(() -> builder.deprecation(date))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(date);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@0", "@1735689600", "@-86400"})
    void deprecationDate_isAccepted(String date) {
        assertThatCode(() -> builder.deprecation(date)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://status.example.com/",
                "https://status.example.com/app",
                "https://status.example.com?x=1",
                "https://user@status.example.com",
                "ftp://status.example.com",
                "status.example.com",
                "null",
                ""
            })
    void invalidCorsOrigin_isRejected(String origin) {
        assertThatThrownBy(() -> builder.corsOrigins(List.of(origin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CORS origin");
    }

    @Test
    void nonAsciiDeprecationLink_isSentPercentEncoded() {
        BatchProgressServlet servlet =
                builder.authenticator(Fixtures.authenticator())
                        .deprecationLink(URI.create("https://docs.example.com/dépréciation"))
                        .build();
        try (JettyHarness server = JettyHarness.serve(servlet)) {
            RawHttp.Response response =
                    RawHttp.send(server.port(), "GET", "/batch_progress?filename=x");

            assertThat(response.header("Link"))
                    .contains(
                            "<https://docs.example.com/d%C3%A9pr%C3%A9ciation>;"
                                    + " rel=\"deprecation\"");
        }
    }
}
