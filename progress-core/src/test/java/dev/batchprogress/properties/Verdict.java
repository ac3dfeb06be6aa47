package dev.batchprogress.properties;

import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the reference model expects a recorder to do with an event: report {@link Recorded#APPLIED},
 * report {@link Recorded#ALREADY_APPLIED}, or reject the event with one of the listed exceptions.
 * When an event breaks several rules, each rule's exception is acceptable, because the contract
 * does not say which rule a recorder checks first.
 *
 * @param recorded the expected result, or {@code null} when the event must be rejected
 * @param rejections the exceptions a rejection may throw; empty unless {@code recorded} is null
 */
record Verdict(@Nullable Recorded recorded, Set<Class<? extends RecordingException>> rejections) {

    static final Verdict APPLIED = new Verdict(Recorded.APPLIED, Set.of());
    static final Verdict ALREADY_APPLIED = new Verdict(Recorded.ALREADY_APPLIED, Set.of());

    Verdict {
        rejections = Set.copyOf(rejections);
        if ((recorded == null) == rejections.isEmpty()) {
            throw new IllegalArgumentException(
                    "a verdict either expects a result or lists rejections: "
                            + recorded
                            + ", "
                            + rejections);
        }
    }

    static Verdict rejected(Set<Class<? extends RecordingException>> rejections) {
        return new Verdict(null, rejections);
    }

    boolean isRejected() {
        return recorded == null;
    }

    boolean isApplied() {
        return recorded == Recorded.APPLIED;
    }

    @Override
    public String toString() {
        if (recorded != null) {
            return recorded.name();
        }
        return "rejected with one of "
                + rejections.stream().map(Class::getSimpleName).sorted().toList();
    }
}
