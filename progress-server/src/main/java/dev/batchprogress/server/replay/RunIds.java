package dev.batchprogress.server.replay;

import dev.batchprogress.model.TrackingId;
import dev.batchprogress.server.data.InputFile;
import java.nio.charset.StandardCharsets;

/** Derives a replayed run's tracking id and random seed from its file's content hash and a seed. */
final class RunIds {

    private static final int SEED_HEX_DIGITS = 16;

    private RunIds() {}

    /**
     * Derives a run's tracking id: {@code 0x} and the SHA-256 of {@code run:<filename>:<seed>}, so
     * one file replayed with one seed always gets the same id.
     *
     * @param filename the content hash of the replayed file
     * @param seed the replay's seed
     * @return a canonical tracking id
     */
    static TrackingId trackingId(TrackingId filename, long seed) {
        String key = "run:" + filename.key() + ":" + seed;
        return TrackingId.of("0x" + InputFile.sha256Hex(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Derives the seed of a run's random generator from the first 64 bits of its tracking id. Each
     * run then draws from its own stream, and adding a file does not change the other runs.
     *
     * @param trackingId a canonical tracking id
     * @return the seed
     */
    static long randomSeed(TrackingId trackingId) {
        return Long.parseUnsignedLong(trackingId.key().substring(2, 2 + SEED_HEX_DIGITS), 16);
    }
}
