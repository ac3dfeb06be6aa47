package dev.batchprogress.properties;

import dev.batchprogress.model.Progress;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunConflictException;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.UnknownRunException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A plain reference model of one run, written from the behaviour contract alone. It stores the
 * state of every stage and task, or of every facility, and decides which events are legal. It
 * recomputes every count and the progress from scratch, and tests compare the engine with it.
 */
abstract sealed class ReferenceRun permits ReferenceBatchProcess, ReferenceSupplyShed {

    private static final Pattern CANONICAL_ID = Pattern.compile("0x[0-9a-fA-F]{64}");

    final RunRegistration registration;
    @Nullable String skipReason;
    long version;

    ReferenceRun(RunRegistration registration) {
        this.registration = registration;
    }

    /** Returns a fresh model of a registered run with nothing recorded. */
    static ReferenceRun of(RunRegistration registration) {
        if (registration.kind() == RunKind.BATCH_PROCESS) {
            return new ReferenceBatchProcess(registration);
        }
        return new ReferenceSupplyShed(registration);
    }

    /**
     * Returns the key under which an id is looked up: a canonical id lower-cased, any other id
     * exactly as sent.
     */
    static String lookupKey(String id) {
        return CANONICAL_ID.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : id;
    }

    /** Returns whether an id names this run. */
    final boolean names(TrackingId id) {
        return lookupKey(id.value()).equals(lookupKey(registration.trackingId().value()));
    }

    /** Returns what a recorder must do with an event, given the events applied so far. */
    final Verdict judge(RunEvent event) {
        if (event instanceof RunEvent.Register register) {
            return judgeRegistration(register.registration());
        }
        Set<Class<? extends RecordingException>> rejections = new LinkedHashSet<>();
        if (!names(event.address().id())) {
            rejections.add(UnknownRunException.class);
            if (event instanceof RunEvent.Skip skip && skip.reason().isBlank()) {
                rejections.add(InvalidEventException.class);
            }
            return Verdict.rejected(rejections);
        }
        Recorded recorded;
        if (event instanceof RunEvent.Skip skip) {
            recorded = judgeSkip(skip.reason(), rejections);
        } else {
            recorded = judgeEvent(event, rejections);
        }
        if (!rejections.isEmpty()) {
            return Verdict.rejected(rejections);
        }
        return new Verdict(Objects.requireNonNull(recorded, "recorded"), Set.of());
    }

    /** Applies an event that {@link #judge} found {@link Recorded#APPLIED}. */
    final void apply(RunEvent event) {
        if (event instanceof RunEvent.Skip skip) {
            skipReason = skip.reason();
        } else {
            applyEvent(event);
        }
        version++;
    }

    /** Returns the reason the run was skipped, or null. */
    final @Nullable String skipReason() {
        return skipReason;
    }

    /** Returns the number of events applied since registration. */
    final long version() {
        return version;
    }

    /** Returns whether the run is complete or failed, which is when it can no longer be skipped. */
    abstract boolean ended();

    /** Computes the progress from scratch, as the contract defines it. */
    abstract Progress expectedProgress();

    /**
     * Judges an event of this run other than a registration or a skip. Adds the exception of each
     * rule the event breaks to {@code rejections}; returns the result when it breaks none.
     */
    abstract @Nullable Recorded judgeEvent(
            RunEvent event, Set<Class<? extends RecordingException>> rejections);

    /** Applies an event other than a skip that was judged {@link Recorded#APPLIED}. */
    abstract void applyEvent(RunEvent event);

    private Verdict judgeRegistration(RunRegistration again) {
        if (!names(again.trackingId())) {
            throw new IllegalArgumentException(
                    "the generator registered another run " + again.trackingId());
        }
        boolean sameFile =
                again.filename() == null
                        ? registration.filename() == null
                        : registration.filename() != null
                                && lookupKey(again.filename().value())
                                        .equals(lookupKey(registration.filename().value()));
        boolean same =
                again.kind() == registration.kind()
                        && again.organization().equals(registration.organization())
                        && sameFile
                        && again.pipeline().equals(registration.pipeline())
                        && again.facilities() == registration.facilities();
        return same
                ? Verdict.ALREADY_APPLIED
                : Verdict.rejected(Set.of(RunConflictException.class));
    }

    private @Nullable Recorded judgeSkip(
            String reason, Set<Class<? extends RecordingException>> rejections) {
        if (reason.isBlank()) {
            rejections.add(InvalidEventException.class);
        }
        if (skipReason != null) {
            if (!skipReason.equals(reason)) {
                rejections.add(IllegalTransitionException.class);
            }
            return Recorded.ALREADY_APPLIED;
        }
        if (ended()) {
            rejections.add(IllegalTransitionException.class);
        }
        return Recorded.APPLIED;
    }
}
