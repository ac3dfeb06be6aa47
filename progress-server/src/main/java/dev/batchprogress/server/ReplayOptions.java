package dev.batchprogress.server;

import dev.batchprogress.server.replay.ReplaySettings;
import picocli.CommandLine.Option;

/** The replay options that {@code replay} and {@code serve} share, as a picocli mixin. */
final class ReplayOptions {

    @Option(
            names = "--seed",
            paramLabel = "NUMBER",
            description =
                    "Seed of every random choice of the replay. The same seed and files give the"
                            + " same tracking ids and answers. Default: ${DEFAULT-VALUE}.")
    private long seed = ReplaySettings.DEFAULT_SEED;

    @Option(
            names = "--organization",
            paramLabel = "NAME",
            converter = OptionConverters.Organization.class,
            description = "Organization that owns the replayed runs. Default: ${DEFAULT-VALUE}.")
    private String organization = ReplaySettings.DEFAULT_ORGANIZATION;

    @Option(
            names = "--failure-share",
            paramLabel = "SHARE",
            converter = OptionConverters.Share.class,
            description =
                    "Probability from 0 to 1 that a geocoded facility fails in a random flow."
                            + " Default: ${DEFAULT-VALUE}.")
    private double failureShare = ReplaySettings.DEFAULT_FAILURE_SHARE;

    @Option(
            names = "--task-failure-share",
            paramLabel = "SHARE",
            converter = OptionConverters.Share.class,
            description =
                    "Probability from 0 to 1 that a task fails, which fails its stage and stops"
                            + " its run. Default: ${DEFAULT-VALUE}.")
    private double taskFailureShare = ReplaySettings.DEFAULT_TASK_FAILURE_SHARE;

    long seed() {
        return seed;
    }

    String organization() {
        return organization;
    }

    double failureShare() {
        return failureShare;
    }

    double taskFailureShare() {
        return taskFailureShare;
    }
}
