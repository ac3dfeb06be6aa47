package dev.batchprogress.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code serve} command line: its help, its option errors and its start failures. */
class ServeCommandTest {

    private record Result(int exitCode, String out, String err) {}

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = ProgressServerMain.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    @Test
    void help_listsEveryOption() {
        Result result = execute("serve", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains(
                        "--host",
                        "--port",
                        "--token",
                        "--tokens",
                        "--seed",
                        "--speed",
                        "--no-replay",
                        "--jdbc-url",
                        "--jdbc-user",
                        "--jdbc-password",
                        "--staleness-bound");
    }

    @Nested
    class InvalidOptions {

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "--port|70000|'70000' is not a port from 0 to 65535",
                    "--port|http|'http' is not a port from 0 to 65535",
                    "--host|' '|is blank; expected a host name or IP address",
                    "--speed|0|'0' is not a positive number or 'max'",
                    "--seed|forty-two|'forty-two' is not a long",
                    "--staleness-bound|0s|'0s' is not a duration from 1 ms to 1 hour",
                    "--staleness-bound|2h|'2h' is not a duration from 1 ms to 1 hour",
                    "--task-failure-share|2|'2' is not a number from 0 to 1",
                    "--jdbc-url|jdbc:mysql://db/x|'jdbc:mysql://db/x' is not a PostgreSQL URL"
                })
        void invalidValue_exits2NamingTheValue(String option, String value, String message) {
            Result result = execute("serve", option, value);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains(message);
            assertThat(result.out()).isEmpty();
        }

        @Test
        void tokenWithoutSeparator_exits2WithoutEchoingIt() {
            Result result = execute("serve", "--token", "only-a-secret-value");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err())
                    .contains("has no TOKEN= part", "expected TOKEN=SUBJECT,ORGANIZATION")
                    .doesNotContain("only-a-secret-value");
        }

        @Test
        void unknownPermission_exits2NamingIt() {
            Result result = execute("serve", "--token", "hidden=alice,acme,batch_progress:write");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err())
                    .contains("permission 'batch_progress:write' of subject 'alice' is unknown")
                    .doesNotContain("hidden");
        }

        @Test
        void missingTokensFile_exits2NamingThePath(@TempDir Path directory) {
            Path absent = directory.resolve("absent.txt");

            Result result = execute("serve", "--tokens", absent.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("tokens file " + absent + " does not exist");
        }

        @Test
        void databaseOptionWithoutUrl_exits2() {
            Assumptions.assumeTrue(
                    System.getenv("PROGRESS_JDBC_URL") == null,
                    "PROGRESS_JDBC_URL is set, which supplies --jdbc-url");

            Result result = execute("serve", "--jdbc-user", "app");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("option --jdbc-user needs --jdbc-url");
        }

        @Test
        void stalenessBoundWithoutUrl_exits2() {
            Assumptions.assumeTrue(
                    System.getenv("PROGRESS_JDBC_URL") == null,
                    "PROGRESS_JDBC_URL is set, which supplies --jdbc-url");

            Result result = execute("serve", "--staleness-bound", "1s");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("option --staleness-bound needs --jdbc-url");
        }
    }

    @Test
    void portInUse_exits1WithoutStackTrace() throws IOException {
        Assumptions.assumeTrue(
                System.getenv("PROGRESS_JDBC_URL") == null,
                "PROGRESS_JDBC_URL is set, which would create tables in that database");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result =
                    execute(
                            "serve",
                            "--port",
                            Integer.toString(taken.getLocalPort()),
                            "--no-replay",
                            "--token",
                            "t=a,demo,batch_progress:read");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }
}
