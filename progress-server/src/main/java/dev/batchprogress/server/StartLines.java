package dev.batchprogress.server;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.server.replay.ReplayRun;
import dev.batchprogress.server.replay.ReplaySettings;
import dev.batchprogress.server.replay.ReplaySummary;
import dev.batchprogress.server.serve.DatabaseSettings;
import dev.batchprogress.server.serve.ProgressService;
import dev.batchprogress.server.serve.ServeSettings;
import dev.batchprogress.server.serve.TokenGrant;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The lines that {@code serve} prints on standard output: at start, where it listens, the port, one
 * line per replayed run, what the replay does, and a curl command to try; later, one line when the
 * replay has ended. Each line starts with a fixed word, so scripts can read the port ({@code port
 * 8080}) and the runs ({@code run <tracking id> <kind> <file> (<size>)}).
 */
final class StartLines {

    private StartLines() {}

    /**
     * Prints the start lines.
     *
     * @param out where to print
     * @param service the started service
     * @param demo the demo grant made up for this start, whose token is printed in the curl line,
     *     or null when tokens were configured, which are never printed
     */
    static void print(PrintWriter out, ProgressService service, @Nullable TokenGrant demo) {
        out.println(
                "progress-server listening on "
                        + service.settings().host()
                        + " port "
                        + service.port()
                        + ": "
                        + service.endpoint());
        out.println("port " + service.port());
        for (ReplayRun run : service.runs()) {
            out.println(
                    "run "
                            + run.trackingId()
                            + " "
                            + kind(run.kind())
                            + " "
                            + run.inputName()
                            + " ("
                            + run.description()
                            + ")");
        }
        out.println(replayLine(service));

        if (demo != null) {
            out.println(
                    "demo token of organization "
                            + demo.caller().organization()
                            + " with batch_progress:read, new at every start:");
        }
        String token = demo == null ? "<token>" : demo.token();
        String example = service.endpoint() + "?tracking_id=" + service.runs().get(0).trackingId();
        out.println("curl -H \"Authorization: Bearer " + token + "\" \"" + example + "\"");
        out.flush();
    }

    /** Returns the line printed when the replay has recorded every event. */
    static String replayFinished(ReplaySummary summary) {
        return "replay finished: every run ended after "
                + simulated(summary.simulatedDuration())
                + " of simulated time";
    }

    private static String replayLine(ProgressService service) {
        ServeSettings settings = service.settings();
        ReplaySettings replay = settings.replay();
        String source =
                settings.database()
                        .map(DatabaseSettings::redactedUrl)
                        .orElse("the in-memory store");
        return switch (service.replayState()) {
            case STARTED ->
                    "replaying into "
                            + source
                            + " at speed "
                            + (replay.unpaced() ? "max" : formatSpeed(replay.speed()))
                            + " with seed "
                            + replay.seed()
                            + " for organization "
                            + replay.organization();
            case ALREADY_RECORDED ->
                    "not replaying: "
                            + source
                            + " already contains the finished runs of seed "
                            + replay.seed();
            case DISABLED ->
                    settings.database().isPresent()
                            ? "not replaying (--no-replay): serving the runs that "
                                    + source
                                    + " contains"
                            : "not replaying (--no-replay): the in-memory store stays empty";
        };
    }

    /** Returns the kind as the operation that submits such runs is named. */
    private static String kind(RunKind kind) {
        return kind == RunKind.BATCH_PROCESS ? "batch_process" : "batch_supply_shed";
    }

    private static String formatSpeed(double speed) {
        return speed == Math.rint(speed)
                ? Long.toString((long) speed)
                : String.format(Locale.ROOT, "%s", speed);
    }

    private static String simulated(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 ? (seconds / 60) + "m " + (seconds % 60) + "s" : seconds + "s";
    }
}
