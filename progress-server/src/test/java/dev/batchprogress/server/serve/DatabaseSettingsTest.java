package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseSettingsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://127.0.0.1:5432/test|jdbc:postgresql://127.0.0.1:5432/test",
                "jdbc:postgresql://db/test?user=a&password=s3cret&ssl=true"
                        + "|jdbc:postgresql://db/test?user=a&password=***&ssl=true",
                "jdbc:postgresql://db/test?PASSWORD=s3cret|jdbc:postgresql://db/test?PASSWORD=***",
                "jdbc:postgresql://a:s3cret@db/test|jdbc:postgresql://***@db/test"
            })
    void redactedUrl_masksPasswords(String url, String redacted) {
        assertThat(new DatabaseSettings(url, "u", "pw").redactedUrl()).isEqualTo(redacted);
    }

    @Test
    void toString_hidesThePassword() {
        DatabaseSettings settings =
                new DatabaseSettings("jdbc:postgresql://db/test", "app", "very-secret");

        assertThat(settings.toString()).contains("app").doesNotContain("very-secret");
    }

    @Test
    void otherDatabase_isRejected() {
        assertThatThrownBy(
                        () -> new DatabaseSettings("jdbc:mysql://db/test?password=x", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jdbc:mysql://db/test?password=***' is not a PostgreSQL URL")
                .hasMessageContaining("expected jdbc:postgresql://");
    }
}
