package dev.batchprogress.model;

import org.jspecify.annotations.Nullable;

/** A progress answer, in the shape of the run kind it answers for. */
public sealed interface Progress permits BatchProcessProgress, SupplyShedProgress {

    /** {@return whether the run completed (a skipped run counts as complete)} */
    boolean complete();

    /** {@return the reason the run was skipped, or {@code null} when it was not} */
    @Nullable String skipReason();
}
