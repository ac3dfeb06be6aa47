package dev.batchprogress.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressTracker;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of open event streams on loopback hold no thread each: the server's thread count stays
 * near where it was with one stream.
 */
class IdleStreamsOverHttpTest {

    private static final int CALLERS = 125;
    private static final int STREAMS_PER_CALLER = 16;
    private static final int STREAMS = CALLERS * STREAMS_PER_CALLER;
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final TrackingId SHED = TrackingId.of(Fixtures.id(7));

    /** Threads that may start besides the streams: Jetty's pool growing, selectors, the feed. */
    private static final int THREAD_ALLOWANCE = 40;

    private final InMemoryRunStore store = InMemoryRunStore.create();
    private final BatchProgressServlet servlet;
    private final JettyHarness server;
    private final List<Socket> clients = new ArrayList<>();

    IdleStreamsOverHttpTest() {
        store.register(RunRegistration.supplyShed(SHED, Fixtures.ACME, Pipeline.SUPPLY_SHED, 100));
        BearerTokenAuthenticator.Builder tokens = BearerTokenAuthenticator.builder();
        for (int caller = 0; caller < CALLERS; caller++) {
            tokens.token(
                    token(caller),
                    new Caller("watcher" + caller, Fixtures.ACME, Set.of(Permission.READ)));
        }
        servlet =
                BatchProgressServlet.builder(ProgressTracker.create(store))
                        .authenticator(tokens.build())
                        .streams(Duration.ofMillis(250), HEARTBEAT, STREAMS_PER_CALLER)
                        .build();
        server = JettyHarness.serve(servlet);
    }

    private static String token(int caller) {
        return "watcher-token-" + caller;
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        server.close();
    }

    @Test
    void thousandsOfOpenStreams_holdNoThreadEach() throws IOException, InterruptedException {
        open(0);
        int baseline = ManagementFactory.getThreadMXBean().getThreadCount();

        for (int i = 1; i < STREAMS; i++) {
            open(i % CALLERS);
        }
        int withAllOpen = ManagementFactory.getThreadMXBean().getThreadCount();

        assertThat(servlet.openStreams()).isEqualTo(STREAMS);
        assertThat(withAllOpen - baseline).isLessThan(THREAD_ALLOWANCE);

        store.moveFacility(SHED, 0, 1);
        for (Socket client : clients.subList(0, 10)) {
            assertThat(readUntil(client.getInputStream(), "event: progress"))
                    .contains("\"total_number_of_facilities_preprocessing\":1");
        }

        for (Socket client : clients) {
            client.close();
        }
        assertThat(awaitOpenStreams(0)).isZero();
    }

    /** Opens one stream on a raw socket and reads until its first event has arrived. */
    private void open(int caller) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        clients.add(socket);
        String request =
                "GET /batch_progress/stream?tracking_id="
                        + SHED.value()
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + token(caller)
                        + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String head = readUntil(socket.getInputStream(), "event: progress");
        assertThat(head).startsWith("HTTP/1.1 200");
    }

    /** Reads bytes until the text appears and then to the end of that event's data line. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        int found = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("stream closed before '" + marker + "': " + text);
            }
            text.append((char) b);
            if (found < 0 && text.length() >= marker.length() && text.lastIndexOf(marker) >= 0) {
                found = text.length();
            }
            if (found >= 0 && text.indexOf("\n\n", found) >= 0) {
                return text.toString();
            }
        }
    }

    private int awaitOpenStreams(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (servlet.openStreams() != expected && System.nanoTime() < deadline) {
            Thread.sleep(HEARTBEAT.toMillis());
        }
        return servlet.openStreams();
    }
}
