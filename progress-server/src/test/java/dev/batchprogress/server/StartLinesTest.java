package dev.batchprogress.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.server.replay.ReplayListener;
import dev.batchprogress.server.serve.ProgressService;
import dev.batchprogress.server.serve.ServeSettings;
import dev.batchprogress.server.serve.TokenGrant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartLinesTest {

    private static List<String> print(ServeSettings settings, TokenGrant demo) {
        StringWriter out = new StringWriter();
        try (ProgressService service = ProgressService.start(settings, ReplayListener.none())) {
            StartLines.print(new PrintWriter(out), service, demo);
        }
        return out.toString().lines().toList();
    }

    @Test
    void configuredToken_isNeverPrinted() {
        TokenGrant configured = TokenGrant.parse("configured-secret=demo,demo,batch_progress:read");
        ServeSettings settings =
                ServeSettings.builder().port(0).replayEnabled(false).token(configured).build();

        List<String> lines = print(settings, null);

        assertThat(lines).noneMatch(line -> line.contains("configured-secret"));
        assertThat(lines.get(lines.size() - 1))
                .startsWith("curl -H \"Authorization: Bearer <token>\" \"http://127.0.0.1:");
    }

    @Test
    void demoToken_isPrintedInTheCurlLine() {
        TokenGrant demo = TokenGrant.demo("demo");
        ServeSettings settings =
                ServeSettings.builder().port(0).replayEnabled(false).token(demo).build();

        List<String> lines = print(settings, demo);

        assertThat(lines.get(lines.size() - 2)).startsWith("demo token of organization demo");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("curl -H \"Authorization: Bearer " + demo.token() + "\"");
    }

    @Test
    void lines_nameThePortAndEachRun() {
        ServeSettings settings =
                ServeSettings.builder()
                        .port(0)
                        .replayEnabled(false)
                        .token(TokenGrant.demo("demo"))
                        .build();

        List<String> lines = print(settings, null);

        assertThat(lines.get(0))
                .matches("progress-server listening on 127\\.0\\.0\\.1 port \\d+: .*");
        assertThat(lines.get(1)).matches("port \\d+");
        assertThat(lines.subList(2, 6))
                .allMatch(
                        line -> line.matches("run 0x[0-9a-f]{64} batch_(process|supply_shed) .+"));
        assertThat(lines.get(6))
                .isEqualTo("not replaying (--no-replay): the in-memory store stays empty");
    }
}
