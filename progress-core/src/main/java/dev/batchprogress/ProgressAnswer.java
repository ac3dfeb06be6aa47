package dev.batchprogress;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.SupplyShedProgress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A progress answer with the snapshots it was computed from.
 *
 * @param progress the answer, in the shape the query asked for
 * @param runs the distinct runs the answer covers, in order of first appearance; empty for a dummy
 *     answer
 * @param shape the lookup parameter the query used
 */
public record ProgressAnswer(Progress progress, List<RunState> runs, QueryShape shape) {

    /** Bytes of SHA-256 kept in an entity tag: 128 bits, 22 characters of base64url. */
    private static final int TAG_BYTES = 16;

    /** Changes whenever the JSON written for the same runs changes, so old tags stop matching. */
    private static final String TAG_FORMAT = "bp1";

    /** Validates the components and copies the run list. */
    public ProgressAnswer {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(shape, "shape");
        runs = List.copyOf(runs);
    }

    /**
     * Returns whether the answer is the fixed dummy answer, which covers no run.
     *
     * @return true when {@code dummy_data} was requested
     */
    public boolean isDummy() {
        return runs.isEmpty();
    }

    /**
     * Returns whether the answer can no longer change: a batch process that completed or failed, a
     * supply shed whose facilities have all left the queue and the flows, skipped runs, and the
     * dummy answer.
     *
     * @return true when later answers to the same query equal this one, unless a run is reset
     */
    public boolean finished() {
        if (isDummy()) {
            return true;
        }
        if (progress instanceof BatchProcessProgress batchProcess) {
            return batchProcess.complete() || batchProcess.failed();
        }
        return ((SupplyShedProgress) progress).complete();
    }

    /**
     * Returns a strong HTTP entity tag of this answer, quotes included.
     *
     * <p>The tag is a SHA-256 digest of the query's shape and the (tracking id, version) pairs of
     * the runs covered, never of the body: two answers with the same tag cover the same runs at the
     * same versions, so their bodies are the same bytes. Versions count each run's own changes, so
     * a tag says nothing about other runs. Callers who see the same runs get the same tag.
     *
     * @return a tag such as {@code "bp1-3q2-7wEBAQEBAQEBAQEBAQ"}
     */
    public String entityTag() {
        MessageDigest digest = Sha256.newDigest();
        digest.update(TAG_FORMAT.getBytes(StandardCharsets.US_ASCII));
        digest.update(shape.name().getBytes(StandardCharsets.US_ASCII));
        if (isDummy()) {
            digest.update((byte) 'd');
        }
        ByteBuffer numbers = ByteBuffer.allocate(Integer.BYTES + Long.BYTES);
        for (RunState run : runs) {
            byte[] key = run.trackingId().key().getBytes(StandardCharsets.UTF_8);
            // The length keeps the boundary between one key and the next unambiguous.
            numbers.clear();
            numbers.putInt(key.length).putLong(run.header().version());
            digest.update(numbers.array());
            digest.update(key);
        }
        byte[] hash = digest.digest();
        String encoded =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Arrays.copyOf(hash, TAG_BYTES));
        return "\"" + TAG_FORMAT + "-" + encoded + "\"";
    }

    /**
     * Returns when the newest of the covered runs last changed, for {@code Last-Modified}.
     *
     * @return the latest change time, or empty for the dummy answer
     */
    public Optional<Instant> lastModified() {
        @Nullable Instant newest = null;
        for (RunState run : runs) {
            Instant changed = run.header().changedAt();
            if (newest == null || changed.isAfter(newest)) {
                newest = changed;
            }
        }
        return Optional.ofNullable(newest);
    }
}
