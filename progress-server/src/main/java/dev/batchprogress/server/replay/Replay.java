package dev.batchprogress.server.replay;

import dev.batchprogress.model.RunKind;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.server.data.FacilityList;
import dev.batchprogress.server.data.FacilityListParser;
import dev.batchprogress.server.data.InputFile;
import dev.batchprogress.server.data.InvalidInputException;
import dev.batchprogress.server.data.WorkflowTrace;
import dev.batchprogress.server.data.WorkflowTraceParser;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * A replay of recorded workflow traces and facility lists as batch process and supply shed runs: a
 * discrete-event simulation that records every run's events into a {@link RunRecorder} in the order
 * of simulated time.
 *
 * <p>All runs start together at simulated time 0. The replay's {@linkplain #clock() clock} shows
 * the simulated time, so a store created on it stamps events with simulated times. The replay waits
 * real time between events according to {@link ReplaySettings#speed()}, or none at {@link
 * ReplaySettings#UNPACED}. The same files and settings always record the same events in the same
 * order.
 *
 * <p>A replay runs once: in the calling thread with {@link #run}, or in a background thread with
 * {@link #start}.
 */
public final class Replay {

    private static final System.Logger LOGGER = System.getLogger(Replay.class.getName());

    private final ReplaySettings settings;
    private final SimulatedClock clock;
    private final List<PlannedRun> plannedRuns;
    private final AtomicBoolean used = new AtomicBoolean();

    /** A run with the input its simulation needs. */
    private interface PlannedRun {
        ReplayRun run();

        RunSimulation simulation(
                ReplaySettings settings,
                RunRecorder recorder,
                EventQueue events,
                RandomGenerator random);
    }

    private record PlannedBatchProcess(ReplayRun run, BatchProcessPlan plan) implements PlannedRun {
        @Override
        public RunSimulation simulation(
                ReplaySettings settings,
                RunRecorder recorder,
                EventQueue events,
                RandomGenerator random) {
            return new BatchProcessSimulation(
                    run,
                    plan,
                    settings.organization(),
                    recorder,
                    events,
                    random,
                    settings.taskFailureShare());
        }
    }

    private record PlannedSupplyShed(ReplayRun run, FacilityList facilities) implements PlannedRun {
        @Override
        public RunSimulation simulation(
                ReplaySettings settings,
                RunRecorder recorder,
                EventQueue events,
                RandomGenerator random) {
            return new SupplyShedSimulation(
                    run,
                    facilities,
                    settings.organization(),
                    recorder,
                    events,
                    random,
                    settings.failureShare(),
                    settings.concurrency());
        }
    }

    private Replay(ReplaySettings settings, SimulatedClock clock, List<PlannedRun> plannedRuns) {
        this.settings = settings;
        this.clock = clock;
        this.plannedRuns = plannedRuns;
    }

    /**
     * Parses the input files and derives each run's ids.
     *
     * @param traces WfFormat workflow traces, one batch process run each
     * @param facilityLists facility CSV files, one supply shed run each
     * @param settings how to simulate
     * @param start the instant that simulated time 0 stands for
     * @return the replay, not yet started
     * @throws InvalidInputException if a file cannot be parsed, or two files have the same content
     *     and so would get the same tracking id
     */
    public static Replay prepare(
            List<InputFile> traces,
            List<InputFile> facilityLists,
            ReplaySettings settings,
            Instant start) {
        Objects.requireNonNull(settings, "settings");
        Map<TrackingId, String> fileNameByHash = new HashMap<>();
        List<PlannedRun> plannedRuns = new ArrayList<>();
        for (InputFile file : traces) {
            WorkflowTrace trace = WorkflowTraceParser.parse(file);
            BatchProcessPlan plan = BatchProcessPlan.of(trace);
            String description = plan.pipeline().size() + " stages, " + plan.taskCount() + " tasks";
            ReplayRun run = run(file, RunKind.BATCH_PROCESS, description, settings, fileNameByHash);
            plannedRuns.add(new PlannedBatchProcess(run, plan));
        }
        for (InputFile file : facilityLists) {
            FacilityList list = FacilityListParser.parse(file);
            String description =
                    list.size() + " facilities, " + list.ungeocodedCount() + " ungeocoded";
            ReplayRun run =
                    run(file, RunKind.BATCH_SUPPLY_SHED, description, settings, fileNameByHash);
            plannedRuns.add(new PlannedSupplyShed(run, list));
        }
        return new Replay(settings, new SimulatedClock(start), List.copyOf(plannedRuns));
    }

    /** Returns the runs this replay records, traces first, in the order of the files given. */
    public List<ReplayRun> runs() {
        return plannedRuns.stream().map(PlannedRun::run).toList();
    }

    /**
     * Returns the tracking ids of the runs this replay records, in the order of {@link #runs()}.
     */
    public List<TrackingId> trackingIds() {
        return plannedRuns.stream().map(planned -> planned.run().trackingId()).toList();
    }

    /**
     * Returns the tracking ids of the runs of one kind.
     *
     * @param kind the kind of run
     * @return the ids in the order of {@link #runs()}
     */
    public List<TrackingId> trackingIds(RunKind kind) {
        return plannedRuns.stream()
                .map(PlannedRun::run)
                .filter(run -> run.kind() == kind)
                .map(ReplayRun::trackingId)
                .toList();
    }

    /** Returns the settings this replay simulates with. */
    public ReplaySettings settings() {
        return settings;
    }

    /**
     * Returns the replay's clock: the start instant plus the simulated time reached so far. Create
     * the store that the replay records into on this clock to stamp events with simulated times.
     */
    public InstantSource clock() {
        return clock;
    }

    /**
     * Runs the replay in the calling thread and returns when every run has ended.
     *
     * @param recorder where to record the runs; it must not already hold runs with other details
     *     under the replay's tracking ids
     * @param listener what to notify of reports and progress, on this thread
     * @return what the replay did
     * @throws InterruptedException if the thread is interrupted; the runs stay as far as they got
     * @throws IllegalStateException if this replay was run or started before
     * @throws dev.batchprogress.recording.RecordingException if the recorder rejects an event, such
     *     as a registration that conflicts with a run it already contains
     */
    public ReplaySummary run(RunRecorder recorder, ReplayListener listener)
            throws InterruptedException {
        claim();
        return simulate(recorder, listener);
    }

    /**
     * Starts the replay in a new daemon thread named {@code progress-replay}.
     *
     * @param recorder where to record the runs, as for {@link #run}
     * @param listener what to notify, on the replay's thread
     * @return the handle through which to follow or stop the replay
     * @throws IllegalStateException if this replay was run or started before
     */
    public ReplayHandle start(RunRecorder recorder, ReplayListener listener) {
        claim();
        ReplayHandle handle = new ReplayHandle(runs());
        Thread thread =
                new Thread(() -> runInBackground(handle, recorder, listener), "progress-replay");
        thread.setDaemon(true);
        handle.attach(thread);
        LOGGER.log(Level.INFO, "replay of {0} started", trackingIds());
        thread.start();
        return handle;
    }

    private void runInBackground(
            ReplayHandle handle, RunRecorder recorder, ReplayListener listener) {
        try {
            ReplaySummary summary = simulate(recorder, listener);
            LOGGER.log(Level.INFO, "replay of {0} finished", trackingIds());
            handle.finished(summary);
        } catch (InterruptedException e) {
            LOGGER.log(Level.INFO, "replay of {0} stopped", trackingIds());
            handle.stopped();
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.WARNING, "replay of " + trackingIds() + " failed", e);
            handle.failed(e);
        }
    }

    private void claim() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("this replay was already run; prepare a new one");
        }
    }

    private ReplaySummary simulate(RunRecorder recorder, ReplayListener listener)
            throws InterruptedException {
        EventQueue events = new EventQueue();
        RunRecorder resilient = new RetryingRecorder(recorder);
        List<RunSimulation> simulations = new ArrayList<>();
        for (PlannedRun planned : plannedRuns) {
            // Each run draws from its own generator, so adding a file leaves the others unchanged.
            RandomGenerator random =
                    new SplittableRandom(RunIds.randomSeed(planned.run().trackingId()));
            simulations.add(planned.simulation(settings, resilient, events, random));
        }
        Pacer pacer = Pacer.forSpeed(settings.speed());
        long interval = settings.interval().toNanos();

        pacer.awaitSimulated(0);
        for (RunSimulation simulation : simulations) {
            simulation.start();
        }
        events.runUntil(0);
        listener.reportDue(Duration.ZERO);

        long nextReport = interval;
        while (!events.isEmpty()) {
            long next = events.nextTime();
            if (nextReport < next) {
                advance(pacer, nextReport);
                listener.reportDue(Duration.ofNanos(nextReport));
                nextReport += interval;
                continue;
            }
            advance(pacer, next);
            events.runUntil(next);
            listener.advanced(Duration.ofNanos(next));
        }

        Map<TrackingId, Integer> failures = new LinkedHashMap<>();
        for (RunSimulation simulation : simulations) {
            failures.put(simulation.run().trackingId(), simulation.injectedFailures());
        }
        ReplaySummary summary = new ReplaySummary(Duration.ofNanos(events.now()), failures);
        listener.finished(summary);
        return summary;
    }

    private void advance(Pacer pacer, long simulatedNanos) throws InterruptedException {
        pacer.awaitSimulated(simulatedNanos);
        clock.advanceTo(simulatedNanos);
    }

    private static ReplayRun run(
            InputFile file,
            RunKind kind,
            String description,
            ReplaySettings settings,
            Map<TrackingId, String> fileNameByHash) {
        TrackingId filename = file.contentHash();
        String earlier = fileNameByHash.putIfAbsent(filename, file.name());
        if (earlier != null) {
            throw new InvalidInputException(
                    file.name(),
                    "the file has the same content as "
                            + earlier
                            + "; expected distinct files, because a run's tracking id derives from"
                            + " its file's content");
        }
        TrackingId trackingId = RunIds.trackingId(filename, settings.seed());
        return new ReplayRun(trackingId, filename, kind, file.name(), description);
    }
}
