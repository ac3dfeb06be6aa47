package dev.batchprogress.jmh.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The CPU time that processes other than the benchmarks took while they ran, as {@code
 * run-benchmarks.sh} records it: the machine's busy time from {@code /proc/stat} less the CPU time
 * of the processes the script started.
 *
 * @param elapsedSeconds the wall-clock time of the measurements
 * @param cores the number of cores
 * @param busySeconds the CPU time of every process on the machine
 * @param ownSeconds the CPU time of the benchmarks, the servers and wrk
 */
record MachineLoad(double elapsedSeconds, int cores, double busySeconds, double ownSeconds) {

    /** The share of the machine that other processes may take before the report warns. */
    private static final double DISTURBING_SHARE = 0.05;

    /** Reads the file the script writes; empty when it is missing. */
    static Optional<MachineLoad> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return Optional.of(
                new MachineLoad(
                        Double.parseDouble(properties.getProperty("elapsed_seconds")),
                        Integer.parseInt(properties.getProperty("cores")),
                        Double.parseDouble(properties.getProperty("busy_seconds")),
                        Double.parseDouble(properties.getProperty("own_seconds"))));
    }

    /** Returns the other processes' CPU time as a share of all cores over the run, in [0, 1]. */
    double otherShare() {
        double other = Math.max(0, busySeconds - ownSeconds);
        return other / (elapsedSeconds * cores);
    }

    /** Returns whether other processes took enough of the machine to disturb the figures. */
    boolean disturbing() {
        return otherShare() > DISTURBING_SHARE;
    }

    /** Returns a sentence such as "other processes took 3% of the 2 cores over 612 s". */
    String describe() {
        return "other processes took "
                + Numbers.significant(100 * otherShare())
                + "% of the "
                + cores
                + " cores over the "
                + Numbers.significant(elapsedSeconds)
                + " s of measuring";
    }
}
