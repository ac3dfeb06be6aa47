package dev.batchprogress.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "400, 400, Bad request",
        "404, 404, Not Found",
        "405, 405, Method Not Allowed",
        "414, 414, URI Too Long",
        "431, 431, Request Header Fields Too Large",
        "500, 500, Internal server error",
        "503, 503, Run state is temporarily unavailable",
        "413, 400, Bad request",
        "408, 400, Bad request",
        "501, 400, Bad request",
        "505, 400, Bad request",
        "502, 500, Internal server error",
        "200, 500, Internal server error"
    })
    void jettyStatus_mapsToTheContract(int jettyStatus, int status, String detail) {
        assertThat(JsonErrors.contractStatus(jettyStatus)).isEqualTo(status);
        assertThat(JsonErrors.detail(status)).isEqualTo(detail);
    }

    @Test
    void body_isTheContractShape() {
        assertThat(new String(JsonErrors.body(414), StandardCharsets.UTF_8))
                .isEqualTo("{\"detail\":\"URI Too Long\"}");
    }
}
