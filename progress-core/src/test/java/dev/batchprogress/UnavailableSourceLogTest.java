package dev.batchprogress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.source.RunStateSource;
import dev.batchprogress.source.SourceUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the tracker logs an unavailable source, read through java.util.logging, the backend of {@link
 * System.Logger} when no other is installed: one WARNING with the cause per 10 seconds, DEBUG in
 * between, and the count of DEBUG lines in the next WARNING.
 */
class UnavailableSourceLogTest {

    private static final Caller CALLER = new Caller("ann", "acme", Set.of(Permission.READ));
    private static final ProgressQuery QUERY = ProgressQuery.ofTrackingId("0x" + "11".repeat(32));
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** A clock far from 0, so that arithmetic on it cannot pass by accident. */
    private long nanoTime = 7_000 * SECOND;

    private final SourceUnavailableException cause =
            new SourceUnavailableException("database down");
    private final ProgressTracker tracker =
            ProgressTracker.create(new FailingSource(cause), () -> nanoTime);
    private final Logger trackerLogger = Logger.getLogger(ProgressTracker.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    records.add(record);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    @BeforeEach
    void captureLog() {
        trackerLogger.setLevel(Level.ALL);
        trackerLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        trackerLogger.removeHandler(capture);
        trackerLogger.setLevel(null);
    }

    private void queryFails() {
        assertThatThrownBy(() -> tracker.progress(CALLER, QUERY))
                .isInstanceOf(ProgressUnavailableException.class);
    }

    @Test
    void firstFailure_isWarningWithCause() {
        queryFails();

        assertThat(records).hasSize(1);
        LogRecord warning = records.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
        assertThat(warning.getMessage())
                .startsWith("run-state source is unavailable for caller 'ann': ")
                .contains("database down")
                .endsWith("; answering 503 (0 more since the last warning)");
        assertThat(warning.getThrown()).isSameAs(cause);
    }

    @Test
    void failuresWithinTenSeconds_areDebugWithoutCause() {
        queryFails();
        nanoTime += 9 * SECOND;
        queryFails();

        assertThat(records).hasSize(2);
        LogRecord debug = records.get(1);
        assertThat(debug.getLevel()).isEqualTo(Level.FINE);
        assertThat(debug.getMessage())
                .startsWith("run-state source is unavailable for caller 'ann': ")
                .endsWith("; answering 503");
        assertThat(debug.getThrown()).isNull();
    }

    @Test
    void failureTenSecondsAfterWarning_warnsWithSuppressedCount() {
        queryFails();
        nanoTime += SECOND;
        queryFails();
        nanoTime += SECOND;
        queryFails();
        nanoTime += 8 * SECOND;
        queryFails();

        assertThat(records)
                .extracting(LogRecord::getLevel)
                .containsExactly(Level.WARNING, Level.FINE, Level.FINE, Level.WARNING);
        assertThat(records.get(3).getMessage()).endsWith("(2 more since the last warning)");
    }

    @Test
    void warningAfterWarning_countsOnlyLaterSuppressions() {
        queryFails();
        nanoTime += SECOND;
        queryFails();
        nanoTime += 10 * SECOND;
        queryFails();
        nanoTime += 10 * SECOND;
        queryFails();

        assertThat(records)
                .extracting(LogRecord::getLevel)
                .containsExactly(Level.WARNING, Level.FINE, Level.WARNING, Level.WARNING);
        assertThat(records.get(2).getMessage()).endsWith("(1 more since the last warning)");
        assertThat(records.get(3).getMessage()).endsWith("(0 more since the last warning)");
    }

    /** A source whose every call fails with the same exception. */
    private static final class FailingSource implements RunStateSource {

        private final SourceUnavailableException cause;

        FailingSource(SourceUnavailableException cause) {
            this.cause = cause;
        }

        @Override
        public Map<TrackingId, RunState> load(
                VisibilityScope scope, Collection<TrackingId> trackingIds) {
            throw cause;
        }

        @Override
        public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
            throw cause;
        }

        @Override
        public List<RunState> list(VisibilityScope scope, int limit) {
            throw cause;
        }
    }
}
