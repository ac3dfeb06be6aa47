package dev.batchprogress.servlet;

import static dev.batchprogress.servlet.Fixtures.READER_TOKEN;
import static dev.batchprogress.servlet.Fixtures.bearer;
import static dev.batchprogress.servlet.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs only in the test execution that takes Micrometer off the class path, where it checks that
 * Micrometer is really absent and that the servlet still serves both paths.
 */
@EnabledIfSystemProperty(named = "batchprogress.withoutMicrometer", matches = "true")
class WithoutMicrometerTest {

    @Test
    void micrometer_isNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void servlet_servesWithoutMicrometer() {
        InMemoryRunStore store = InMemoryRunStore.create();
        store.register(
                RunRegistration.supplyShed(
                        TrackingId.of(id(1)), Fixtures.ACME, Pipeline.SUPPLY_SHED, 2));
        BatchProgressServlet servlet =
                BatchProgressServlet.builder(ProgressTracker.create(store))
                        .authenticator(Fixtures.authenticator())
                        .build();
        try (JettyHarness server = JettyHarness.serve(servlet)) {
            RawHttp.Response progress =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress?tracking_id=" + id(1),
                            bearer(READER_TOKEN));
            RawHttp.Response details =
                    RawHttp.send(
                            server.port(),
                            "GET",
                            "/batch_progress/details?tracking_id=" + id(1),
                            bearer(READER_TOKEN));

            assertThat(progress.status()).isEqualTo(200);
            assertThat(details.status()).isEqualTo(200);
        }
    }
}
