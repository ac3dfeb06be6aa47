package dev.batchprogress.recording;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.StorableText;
import dev.batchprogress.model.TrackingId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The details an orchestrator records when a run is submitted.
 *
 * @param trackingId the run's tracking id, not empty
 * @param kind the run's kind
 * @param organization the owning organization, not blank
 * @param filename the content hash of the submitted file, or {@code null}
 * @param pipeline the run's pipeline: its stages, or the flows of each facility
 * @param facilities the number of facilities of a supply shed run, numbered from 0; 0 for a batch
 *     process
 */
public record RunRegistration(
        TrackingId trackingId,
        RunKind kind,
        String organization,
        @Nullable TrackingId filename,
        Pipeline pipeline,
        int facilities) {

    /** The most facilities one supply shed run may hold: 2^30, a gigabyte of state in memory. */
    public static final int MAX_FACILITIES = 1 << 30;

    /**
     * Validates the components.
     *
     * @param trackingId the run's tracking id, not empty
     * @param kind the run's kind
     * @param organization the owning organization, not blank
     * @param filename the content hash of the submitted file, or {@code null}
     * @param pipeline the run's pipeline: its stages, or the flows of each facility
     * @param facilities the number of facilities of a supply shed run, numbered from 0; 0 for a
     *     batch process
     */
    public RunRegistration {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(pipeline, "pipeline");
        StorableText.requireStorable(trackingId.value(), "tracking id '" + trackingId.echo() + "'");
        StorableText.requireStorable(organization, "organization of run " + trackingId.echo());
        if (trackingId.value().isEmpty()) {
            throw new IllegalArgumentException("tracking id is empty; expected an id such as 0x…");
        }
        if (organization.isBlank()) {
            throw new IllegalArgumentException(
                    "organization of run " + trackingId.echo() + " is blank; expected a name");
        }
        if (filename != null && !filename.canonical()) {
            throw new IllegalArgumentException(
                    "filename '"
                            + filename.echo()
                            + "' of run "
                            + trackingId.echo()
                            + " is not a content hash; expected 0x followed by 64 hex digits");
        }
        if (facilities < 0
                || facilities > MAX_FACILITIES
                || (kind == RunKind.BATCH_PROCESS && facilities != 0)) {
            throw new IllegalArgumentException(
                    "facility count "
                            + facilities
                            + " of run "
                            + trackingId.echo()
                            + " is invalid; expected 0 for a batch process, 0 to "
                            + MAX_FACILITIES
                            + " for a supply shed");
        }
    }

    /**
     * Returns the registration of a batch process run.
     *
     * @param trackingId the run's tracking id
     * @param organization the owning organization
     * @param pipeline the run's stages, such as {@link Pipeline#BATCH_PROCESS}
     * @return the registration, without a filename
     */
    public static RunRegistration batchProcess(
            TrackingId trackingId, String organization, Pipeline pipeline) {
        return new RunRegistration(
                trackingId, RunKind.BATCH_PROCESS, organization, null, pipeline, 0);
    }

    /**
     * Returns the registration of a supply shed run.
     *
     * @param trackingId the run's tracking id
     * @param organization the owning organization
     * @param pipeline the flows of each facility, such as {@link Pipeline#SUPPLY_SHED}
     * @param facilities the number of facilities, numbered from 0
     * @return the registration, without a filename
     */
    public static RunRegistration supplyShed(
            TrackingId trackingId, String organization, Pipeline pipeline, int facilities) {
        return new RunRegistration(
                trackingId, RunKind.BATCH_SUPPLY_SHED, organization, null, pipeline, facilities);
    }

    /**
     * Returns a copy of this registration with the content hash of the submitted file.
     *
     * @param filename the content hash, {@code 0x} followed by 64 hexadecimal digits
     * @return the new registration
     */
    public RunRegistration withFilename(TrackingId filename) {
        return new RunRegistration(trackingId, kind, organization, filename, pipeline, facilities);
    }
}
