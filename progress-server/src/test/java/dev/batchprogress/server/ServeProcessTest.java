package dev.batchprogress.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code progress-server serve} in a process of its own, as people run it: its start lines, its
 * demo token, its logs, and its stop on SIGTERM.
 */
class ServeProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern CURL =
            Pattern.compile(
                    "curl -H \"Authorization: Bearer ([A-Za-z0-9_-]+)\" \"(http://[^\"]+)\"");

    private Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    @TempDir Path directory;
    private Path stderr;

    @BeforeEach
    void startServer() throws IOException {
        stderr = directory.resolve("stderr.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ProgressServerMain.class.getName(),
                        "serve",
                        "--port",
                        "0",
                        "--speed",
                        "max");
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PROGRESS_JDBC_"));
        // A file, not a pipe: a pipe read by a thread here lost the last lines that the process
        // wrote right before it exited.
        builder.redirectError(stderr.toFile());
        process = builder.start();
        Thread stdoutReader = reader(process.getInputStream(), stdout::add, "serve-stdout");
        stdoutReader.start();
    }

    private List<String> stderrLines() {
        try {
            return Files.readAllLines(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread reader(
            InputStream stream, java.util.function.Consumer<String> sink, String name) {
        Thread thread =
                new Thread(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    stream, StandardCharsets.UTF_8))) {
                                lines.lines().forEach(sink);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        name);
        thread.setDaemon(true);
        return thread;
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Returns the next line of standard output that starts with a prefix, skipping others. */
    private String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            String line = stdout.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError(
                        "no line starting with '"
                                + prefix
                                + "' within "
                                + DEADLINE
                                + "; standard error: "
                                + stderrLines());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    @Test
    void serve_demoCurlThenSigterm() throws Exception {
        String port = awaitLine("port ").substring("port ".length());
        Matcher curl = CURL.matcher(awaitLine("curl "));
        awaitLine("replay finished");
        assertThat(curl.matches()).isTrue();
        String token = curl.group(1);

        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(curl.group(2)))
                                        .header("Authorization", "Bearer " + token)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        process.destroy();
        boolean exited = process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(curl.group(2)).startsWith("http://127.0.0.1:" + port + "/batch_progress?");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(
                        "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,"
                                + "\"complete\":true,\"overall_progress\":100,"
                                + "\"skip_reason\":null}");
        assertThat(exited).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderrLines()).noneMatch(line -> line.contains(token));
        assertThat(stderrLines()).filteredOn(line -> line.contains(":serving http://")).hasSize(1);
        assertThat(stderrLines())
                .filteredOn(line -> line.contains(":stopped serving http://"))
                .hasSize(1);
        assertThat(stderrLines()).allMatch(line -> line.contains(":INFO:"));
    }
}
