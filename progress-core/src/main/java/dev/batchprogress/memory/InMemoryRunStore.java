package dev.batchprogress.memory;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.RunState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.model.VisibilityScope;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import dev.batchprogress.recording.UnknownRunException;
import dev.batchprogress.source.RunStateSource;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded engine: records run events in memory and serves consistent snapshots of them.
 *
 * <p>Each event costs O(1) and never walks the run: it updates the state of one task or facility
 * and the counters derived from it, under a lock that covers only that run (or one stripe of a
 * large supply shed run). A query reads the counters, never the facilities, so it costs the same
 * for 10 facilities and 10 million. A facility takes one byte, a task one byte.
 *
 * <p>Snapshots are consistent while other threads record: every count of a snapshot held at one
 * instant, so {@code total = queued + in flows + completed + failed + ungeocoded} in every
 * snapshot. A write is visible to every snapshot taken after it returns.
 *
 * <p>Time comes from the {@link InstantSource} given at construction; the store never reads the
 * wall clock directly. The store keeps every run it registered; it never evicts.
 */
public final class InMemoryRunStore implements RunRecorder, RunStateSource {

    private final InstantSource clock;
    private final ConcurrentHashMap<TrackingId, MemoryRun> runs = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, MemoryRun> byRegistration =
            new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<TrackingId, List<MemoryRun>> byFilename =
            new ConcurrentHashMap<>();
    private final AtomicLong registrations = new AtomicLong();

    private InMemoryRunStore(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@return an empty store that reads time from the system clock} */
    public static InMemoryRunStore create() {
        return new InMemoryRunStore(InstantSource.system());
    }

    /**
     * Returns an empty store that reads time from the given source.
     *
     * @param clock the source of registration and change times
     * @return the store
     */
    public static InMemoryRunStore withClock(InstantSource clock) {
        return new InMemoryRunStore(clock);
    }

    @Override
    public Recorded register(RunRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        MemoryRun existing = runs.get(registration.trackingId());
        if (existing == null) {
            long order = registrations.incrementAndGet();
            MemoryRun created =
                    registration.kind() == RunKind.BATCH_PROCESS
                            ? new BatchProcessRun(registration, order, clock)
                            : new SupplyShedRun(registration, order, clock);
            existing = runs.putIfAbsent(registration.trackingId(), created);
            if (existing == null) {
                index(created);
                return Recorded.APPLIED;
            }
        }
        if (!existing.registration.equals(registration)) {
            throw Rejections.conflict(existing.registration, registration);
        }
        return Recorded.ALREADY_APPLIED;
    }

    private void index(MemoryRun run) {
        byRegistration.put(run.registrationOrder, run);
        TrackingId filename = run.registration.filename();
        if (filename != null) {
            byFilename.compute(
                    filename,
                    (key, runsOfFile) -> {
                        List<MemoryRun> updated =
                                new ArrayList<>(runsOfFile == null ? List.of() : runsOfFile);
                        updated.add(run);
                        updated.sort(
                                (a, b) -> Long.compare(a.registrationOrder, b.registrationOrder));
                        return List.copyOf(updated);
                    });
        }
    }

    @Override
    public Recorded startStage(TrackingId run, int stage) {
        return batchProcess(run, "startStage").moveStage(stage, StageStatus.RUNNING);
    }

    @Override
    public Recorded succeedStage(TrackingId run, int stage) {
        return batchProcess(run, "succeedStage").moveStage(stage, StageStatus.SUCCEEDED);
    }

    @Override
    public Recorded failStage(TrackingId run, int stage) {
        return batchProcess(run, "failStage").moveStage(stage, StageStatus.FAILED);
    }

    @Override
    public Recorded addTasks(TrackingId run, int stage, int firstTask, int count) {
        return batchProcess(run, "addTasks").addTasks(stage, firstTask, count);
    }

    @Override
    public Recorded recordTaskOutcome(TrackingId run, int stage, int task, TaskOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return batchProcess(run, "recordTaskOutcome").recordTaskOutcome(stage, task, outcome);
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, int flow) {
        return supplyShed(run, "moveFacility").moveFacility(facility, flow);
    }

    @Override
    public Recorded moveFacility(TrackingId run, int facility, String flowName) {
        Objects.requireNonNull(flowName, "flowName");
        SupplyShedRun supplyShed = supplyShed(run, "moveFacility");
        OptionalInt flow = supplyShed.pipeline().numberOf(flowName);
        if (flow.isEmpty()) {
            throw Rejections.unknownFlow(supplyShed.trackingId(), flowName, supplyShed.pipeline());
        }
        return supplyShed.moveFacility(facility, flow.getAsInt());
    }

    @Override
    public Recorded completeFacility(TrackingId run, int facility) {
        return supplyShed(run, "completeFacility").completeFacility(facility);
    }

    @Override
    public Recorded failFacility(TrackingId run, int facility) {
        return supplyShed(run, "failFacility").failFacility(facility);
    }

    @Override
    public Recorded markUngeocoded(TrackingId run, int facility) {
        return supplyShed(run, "markUngeocoded").markUngeocoded(facility);
    }

    @Override
    public Recorded skip(TrackingId run, String reason) {
        Objects.requireNonNull(reason, "reason");
        MemoryRun memoryRun = find(run);
        if (!Rejections.validSkipReason(reason)) {
            throw Rejections.invalidSkipReason(run);
        }
        return memoryRun.skip(reason);
    }

    private MemoryRun find(TrackingId run) {
        MemoryRun memoryRun = runs.get(Objects.requireNonNull(run, "run"));
        if (memoryRun == null) {
            throw new UnknownRunException(run);
        }
        return memoryRun;
    }

    private BatchProcessRun batchProcess(TrackingId run, String event) {
        MemoryRun memoryRun = find(run);
        if (memoryRun instanceof BatchProcessRun batchProcess) {
            return batchProcess;
        }
        throw memoryRun.wrongKind(event);
    }

    private SupplyShedRun supplyShed(TrackingId run, String event) {
        MemoryRun memoryRun = find(run);
        if (memoryRun instanceof SupplyShedRun supplyShed) {
            return supplyShed;
        }
        throw memoryRun.wrongKind(event);
    }

    @Override
    public Map<TrackingId, RunState> load(
            VisibilityScope scope, Collection<TrackingId> trackingIds) {
        Objects.requireNonNull(scope, "scope");
        if (trackingIds.size() == 1) {
            // The query of a single run, the most frequent, skips the ordered map.
            TrackingId trackingId = trackingIds.iterator().next();
            MemoryRun run = runs.get(trackingId);
            return run != null && scope.includes(run.organization())
                    ? Map.of(trackingId, run.snapshot())
                    : Map.of();
        }
        Map<TrackingId, RunState> found = new LinkedHashMap<>();
        for (TrackingId trackingId : trackingIds) {
            MemoryRun run = runs.get(trackingId);
            if (run != null
                    && scope.includes(run.organization())
                    && !found.containsKey(trackingId)) {
                found.put(trackingId, run.snapshot());
            }
        }
        return found;
    }

    @Override
    public Optional<RunState> findLatestByFilename(VisibilityScope scope, TrackingId filename) {
        Objects.requireNonNull(scope, "scope");
        List<MemoryRun> runsOfFile = byFilename.getOrDefault(filename, List.of());
        for (int i = runsOfFile.size() - 1; i >= 0; i--) {
            MemoryRun run = runsOfFile.get(i);
            if (scope.includes(run.organization())) {
                return Optional.of(run.snapshot());
            }
        }
        return Optional.empty();
    }

    @Override
    public List<RunState> list(VisibilityScope scope, int limit) {
        Objects.requireNonNull(scope, "scope");
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "limit " + limit + " is invalid; expected at least 1");
        }
        List<RunState> listed = new ArrayList<>();
        for (MemoryRun run : byRegistration.descendingMap().values()) {
            if (scope.includes(run.organization())) {
                listed.add(run.snapshot());
                if (listed.size() == limit) {
                    break;
                }
            }
        }
        return listed;
    }
}
