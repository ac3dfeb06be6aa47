package dev.batchprogress.metrics;

import java.util.Locale;

/**
 * Receives the duration and outcome of every call to a run-state source that a {@link
 * MeteredRunStateSource} wraps. Implementations must be thread-safe and fast, since they run on the
 * query path.
 */
@FunctionalInterface
public interface SourceMetrics {

    /** A hook that ignores every call. */
    SourceMetrics NONE = (operation, nanos, succeeded) -> {};

    /** The methods of {@link dev.batchprogress.source.RunStateSource}. */
    enum Operation {
        /** {@code load}: runs by tracking id. */
        LOAD,
        /** {@code findLatestByFilename}: the latest run of a file. */
        FIND_LATEST_BY_FILENAME,
        /** {@code list}: the visible runs. */
        LIST;

        /** {@return the operation's name in lower snake case, such as {@code load}} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Receives one finished call.
     *
     * @param operation the method that was called
     * @param nanos how long the call took, in nanoseconds
     * @param succeeded whether it returned normally; false when it threw
     */
    void sourceCalled(Operation operation, long nanos, boolean succeeded);
}
