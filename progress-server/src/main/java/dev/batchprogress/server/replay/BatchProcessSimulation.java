package dev.batchprogress.server.replay;

import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.random.RandomGenerator;

/**
 * Replays a workflow trace as a batch process run. Every task is added to its stage at
 * registration. A task starts once all its parents succeeded and runs for its recorded runtime,
 * because the trace records no start times. A stage starts with its first task and succeeds with
 * its last one. A task failure, drawn with the task failure share, fails its stage and stops the
 * run, as an orchestrator would.
 */
final class BatchProcessSimulation implements RunSimulation {

    private final ReplayRun run;
    private final BatchProcessPlan plan;
    private final String organization;
    private final RunRecorder recorder;
    private final EventQueue events;
    private final RandomGenerator random;
    private final double taskFailureShare;

    private final int[] unfinishedParents;
    private final int[] unfinishedTasks;
    private final boolean[] stageStarted;
    private boolean stopped;
    private int failures;

    BatchProcessSimulation(
            ReplayRun run,
            BatchProcessPlan plan,
            String organization,
            RunRecorder recorder,
            EventQueue events,
            RandomGenerator random,
            double taskFailureShare) {
        this.run = run;
        this.plan = plan;
        this.organization = organization;
        this.recorder = recorder;
        this.events = events;
        this.random = random;
        this.taskFailureShare = taskFailureShare;
        this.unfinishedParents = new int[plan.taskCount()];
        this.unfinishedTasks = new int[plan.pipeline().size()];
        this.stageStarted = new boolean[plan.pipeline().size()];
    }

    @Override
    public ReplayRun run() {
        return run;
    }

    @Override
    public void start() {
        TrackingId id = run.trackingId();
        recorder.register(
                RunRegistration.batchProcess(id, organization, plan.pipeline())
                        .withFilename(run.filename()));
        for (int stage = 1; stage <= plan.pipeline().size(); stage++) {
            recorder.addTasks(id, stage, 0, plan.stageSize(stage));
            unfinishedTasks[stage - 1] = plan.stageSize(stage);
        }

        for (int task = 0; task < plan.taskCount(); task++) {
            unfinishedParents[task] = plan.parentCount(task);
        }
        for (int task = 0; task < plan.taskCount(); task++) {
            if (unfinishedParents[task] == 0) {
                startTask(task);
            }
        }
    }

    @Override
    public int injectedFailures() {
        return failures;
    }

    private void startTask(int task) {
        int stage = plan.stageOf(task);
        if (!stageStarted[stage - 1]) {
            stageStarted[stage - 1] = true;
            recorder.startStage(run.trackingId(), stage);
        }
        boolean fails = random.nextDouble() < taskFailureShare;
        events.schedule(plan.runtime(task), () -> finishTask(task, fails));
    }

    private void finishTask(int task, boolean fails) {
        if (stopped) {
            return;
        }
        TrackingId id = run.trackingId();
        int stage = plan.stageOf(task);
        int number = plan.numberInStage(task);
        if (fails) {
            recorder.recordTaskOutcome(id, stage, number, TaskOutcome.FAILED);
            recorder.failStage(id, stage);
            failures++;
            stopped = true;
            return;
        }

        recorder.recordTaskOutcome(id, stage, number, TaskOutcome.SUCCEEDED);
        if (--unfinishedTasks[stage - 1] == 0) {
            recorder.succeedStage(id, stage);
        }
        for (int child : plan.children(task)) {
            if (--unfinishedParents[child] == 0) {
                startTask(child);
            }
        }
    }
}
