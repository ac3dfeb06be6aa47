package dev.batchprogress.jmh;

import dev.batchprogress.model.Phase;
import dev.batchprogress.model.Pipeline;
import org.jspecify.annotations.Nullable;

/**
 * The status of one facility of a {@link Pipeline#SUPPLY_SHED} run, as an orchestrator without this
 * library keeps it: an enum field on one object per facility. Each constant carries the engine's
 * state code of the same state, in declaration order, so fixtures convert by index.
 */
public enum FacilityStatus {
    QUEUED(0, null),
    START_BATCH_SUPPLY_SHED(1, Phase.PREPROCESSING),
    DETECT_PLOTS(2, Phase.PREPROCESSING),
    EXPORT_VECTORS_ORCHESTRATION(3, Phase.PREPROCESSING),
    COMPLETE_DETECT_PLOTS(4, Phase.PREPROCESSING),
    START_ZONAL_STATS(5, Phase.PROCESSING),
    INGEST_IMAGES_ORCHESTRATION(6, Phase.PROCESSING),
    ORCHESTRATE_INGESTION(7, Phase.PROCESSING),
    COMPLETED(8, null),
    FAILED(9, null),
    UNGEOCODED(10, null);

    private static final FacilityStatus[] BY_CODE = values();

    private final int code;
    private final @Nullable Phase phase;

    FacilityStatus(int code, @Nullable Phase phase) {
        this.code = code;
        this.phase = phase;
    }

    /** Returns the engine's state code of this status, which is also its position here. */
    int code() {
        return code;
    }

    /** Returns the phase of a running flow, or {@code null} for a queued or ended facility. */
    @Nullable Phase phase() {
        return phase;
    }

    /** Returns the status with the engine's state code {@code code}. */
    static FacilityStatus ofCode(int code) {
        return BY_CODE[code];
    }

    /** Returns the number of statuses, one more than the largest code. */
    static int count() {
        return BY_CODE.length;
    }
}
