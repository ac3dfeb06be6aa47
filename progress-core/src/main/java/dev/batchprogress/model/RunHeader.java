package dev.batchprogress.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every snapshot of a run carries besides its progress counts.
 *
 * @param trackingId the run's tracking id
 * @param organization the owning organization, not blank
 * @param filename the content hash of the submitted file, or {@code null} when none was recorded
 * @param pipeline the run's pipeline
 * @param skipReason the non-blank reason the run was skipped, or {@code null}
 * @param version the run's version, at least 0
 * @param registeredAt when the run was registered
 * @param changedAt when the run last changed, not before {@code registeredAt}
 */
public record RunHeader(
        TrackingId trackingId,
        String organization,
        @Nullable TrackingId filename,
        Pipeline pipeline,
        @Nullable String skipReason,
        long version,
        Instant registeredAt,
        Instant changedAt) {

    /**
     * Validates the components.
     *
     * @param trackingId the run's tracking id
     * @param organization the owning organization, not blank
     * @param filename the content hash of the submitted file, or {@code null} when none was
     *     recorded
     * @param pipeline the run's pipeline
     * @param skipReason the non-blank reason the run was skipped, or {@code null}
     * @param version the run's version, at least 0
     * @param registeredAt when the run was registered
     * @param changedAt when the run last changed, not before {@code registeredAt}
     */
    public RunHeader {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(changedAt, "changedAt");
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
        if (skipReason != null && skipReason.isBlank()) {
            throw new IllegalArgumentException(
                    "skip reason of run " + trackingId.echo() + " is blank; expected a reason");
        }
        if (version < 0) {
            throw new IllegalArgumentException(
                    "version " + version + " of run " + trackingId.echo() + " is negative");
        }
        if (changedAt.isBefore(registeredAt)) {
            throw new IllegalArgumentException(
                    "run "
                            + trackingId.echo()
                            + " changed at "
                            + changedAt
                            + ", before its registration at "
                            + registeredAt);
        }
    }
}
