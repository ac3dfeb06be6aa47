package dev.batchprogress.properties;

import dev.batchprogress.model.StageStatus;
import dev.batchprogress.properties.ReferenceBatchProcess.TaskState;
import dev.batchprogress.recording.TaskOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Chooses the events of a generated batch process run. */
final class BatchProcessEvents extends EventChooser {

    /** The maximum number of tasks a generated stage gets, numbered 0 to 49. */
    static final int MAX_TASKS = 50;

    private static final int LEGAL_KINDS = 5;

    private final ReferenceBatchProcess batchProcess;

    BatchProcessEvents(Draws draws, ReferenceBatchProcess batchProcess) {
        super(draws, batchProcess);
        this.batchProcess = batchProcess;
    }

    /**
     * Chooses a legal step. It starts a pending stage (mostly the first one), adds tasks to a stage
     * that has not ended, records a pending task's outcome, or ends a running stage. Rarely, it
     * skips the run.
     */
    @Override
    @Nullable RunEvent legal() {
        if (draws.between(1, 1000) <= SKIP_PER_MILLE) {
            return model.ended() || model.skipReason() != null ? null : skipWithReason();
        }
        int roll = draws.between(1, 1000);
        int preferred;
        if (roll <= 120) {
            preferred = 0;
        } else if (roll <= 350) {
            preferred = 1;
        } else if (roll <= 820) {
            preferred = 2;
        } else if (roll <= 995) {
            preferred = 3;
        } else {
            preferred = 4;
        }
        for (int i = 0; i < LEGAL_KINDS; i++) {
            RunEvent event = legalOfKind((preferred + i) % LEGAL_KINDS);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    private @Nullable RunEvent legalOfKind(int kind) {
        switch (kind) {
            case 0 -> {
                List<Integer> pending = stagesWhere(status -> status == StageStatus.PENDING);
                if (pending.isEmpty()) {
                    return null;
                }
                int stage = draws.chance(70) ? pending.get(0) : draws.pick(pending);
                return new RunEvent.StartStage(run(), stage);
            }
            case 1 -> {
                return addTasks();
            }
            case 2 -> {
                return taskOutcome();
            }
            case 3 -> {
                Integer stage = runningStage();
                return stage == null ? null : new RunEvent.SucceedStage(run(), stage);
            }
            default -> {
                Integer stage = runningStage();
                return stage == null ? null : new RunEvent.FailStage(run(), stage);
            }
        }
    }

    private @Nullable RunEvent addTasks() {
        List<Integer> running = stagesWhere(status -> status == StageStatus.RUNNING);
        List<Integer> open = stagesWhere(status -> !status.ended());
        List<Integer> candidates = running.isEmpty() || draws.chance(20) ? open : running;
        if (candidates.isEmpty()) {
            return null;
        }
        int stage = draws.pick(candidates);
        NavigableMap<Integer, TaskState> tasks = batchProcess.tasks(stage);
        int next = tasks.isEmpty() ? 0 : tasks.lastKey() + 1;
        if (next >= MAX_TASKS) {
            return null;
        }
        int first = draws.chance(85) ? next : draws.between(0, next);
        int count = draws.between(1, Math.min(10, MAX_TASKS - first));
        return new RunEvent.AddTasks(run(), stage, first, count);
    }

    private @Nullable RunEvent taskOutcome() {
        List<int[]> pending = new ArrayList<>();
        for (int stage : stagesWhere(status -> !status.ended())) {
            for (Map.Entry<Integer, TaskState> task : batchProcess.tasks(stage).entrySet()) {
                if (task.getValue() == TaskState.PENDING) {
                    pending.add(new int[] {stage, task.getKey()});
                }
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        int[] task = draws.pick(pending);
        TaskOutcome outcome = draws.chance(90) ? TaskOutcome.SUCCEEDED : TaskOutcome.FAILED;
        return new RunEvent.RecordTaskOutcome(run(), task[0], task[1], outcome);
    }

    /** Returns a running stage, preferring one whose tasks all ended, or null when none runs. */
    private @Nullable Integer runningStage() {
        List<Integer> running = stagesWhere(status -> status == StageStatus.RUNNING);
        if (running.isEmpty()) {
            return null;
        }
        List<Integer> done = new ArrayList<>();
        for (int stage : running) {
            if (!batchProcess.tasks(stage).containsValue(TaskState.PENDING)) {
                done.add(stage);
            }
        }
        return done.isEmpty() || draws.chance(10) ? draws.pick(running) : draws.pick(done);
    }

    /**
     * Chooses an event that breaks a stage or task rule. It ends a stage that is not running,
     * starts or adds tasks to an ended stage, or records an outcome for a task never added, the
     * other outcome for an ended task, or an outcome in an ended stage. Otherwise it names a stage
     * out of range or invalid task numbers.
     */
    @Override
    @Nullable RunEvent illegal() {
        int stages = batchProcess.stages();
        switch (draws.between(0, 7)) {
            case 0 -> {
                List<Integer> notRunning = stagesWhere(status -> status != StageStatus.RUNNING);
                if (!notRunning.isEmpty()) {
                    int stage = draws.pick(notRunning);
                    return draws.chance(50)
                            ? new RunEvent.SucceedStage(run(), stage)
                            : new RunEvent.FailStage(run(), stage);
                }
            }
            case 1 -> {
                List<Integer> ended = stagesWhere(StageStatus::ended);
                if (!ended.isEmpty()) {
                    return new RunEvent.StartStage(run(), draws.pick(ended));
                }
            }
            case 2 -> {
                List<Integer> ended = stagesWhere(StageStatus::ended);
                if (!ended.isEmpty()) {
                    return new RunEvent.AddTasks(
                            run(), draws.pick(ended), draws.between(0, MAX_TASKS - 1), 1);
                }
            }
            case 3 -> {
                int stage = draws.between(1, stages);
                Map<Integer, TaskState> tasks = batchProcess.tasks(stage);
                int task = draws.pick(List.of(-1, tasks.size() + MAX_TASKS, Integer.MAX_VALUE));
                return new RunEvent.RecordTaskOutcome(run(), stage, task, TaskOutcome.SUCCEEDED);
            }
            case 4 -> {
                RunEvent otherOutcome = otherOutcomeForEndedTask();
                if (otherOutcome != null) {
                    return otherOutcome;
                }
            }
            case 5 -> {
                List<Integer> ended = stagesWhere(StageStatus::ended);
                if (!ended.isEmpty()) {
                    int stage = draws.pick(ended);
                    int task = draws.between(0, MAX_TASKS - 1);
                    return new RunEvent.RecordTaskOutcome(
                            run(), stage, task, TaskOutcome.SUCCEEDED);
                }
            }
            case 6 -> {
                int stage = draws.pick(List.of(0, -1, stages + 1));
                return draws.chance(50)
                        ? new RunEvent.StartStage(run(), stage)
                        : new RunEvent.AddTasks(run(), stage, 0, 1);
            }
            default -> {
                // Invalid task numbers are always available, so they also replace the cases above
                // when no stage is in the state they need.
            }
        }
        int stage = draws.between(1, stages);
        return switch (draws.between(0, 3)) {
            case 0 -> new RunEvent.AddTasks(run(), stage, -1, 1);
            case 1 -> new RunEvent.AddTasks(run(), stage, 0, 0);
            case 2 -> new RunEvent.AddTasks(run(), stage, 5, -2);
            default -> new RunEvent.AddTasks(run(), stage, Integer.MAX_VALUE, 2);
        };
    }

    private @Nullable RunEvent otherOutcomeForEndedTask() {
        List<RunEvent> candidates = new ArrayList<>();
        for (int stage = 1; stage <= batchProcess.stages(); stage++) {
            for (Map.Entry<Integer, TaskState> task : batchProcess.tasks(stage).entrySet()) {
                if (task.getValue() == TaskState.SUCCEEDED) {
                    candidates.add(
                            new RunEvent.RecordTaskOutcome(
                                    run(), stage, task.getKey(), TaskOutcome.FAILED));
                } else if (task.getValue() == TaskState.FAILED) {
                    candidates.add(
                            new RunEvent.RecordTaskOutcome(
                                    run(), stage, task.getKey(), TaskOutcome.SUCCEEDED));
                }
            }
        }
        return candidates.isEmpty() ? null : draws.pick(candidates);
    }

    @Override
    RunEvent ofOtherKind(RunEvent.Address address) {
        return switch (draws.between(0, 3)) {
            case 0 -> new RunEvent.MoveFacility(address, 0, 1);
            case 1 -> new RunEvent.CompleteFacility(address, 0);
            case 2 -> new RunEvent.FailFacility(address, 0);
            default -> new RunEvent.MarkUngeocoded(address, 0);
        };
    }

    @Override
    RunEvent firstStep(RunEvent.Address address) {
        return new RunEvent.StartStage(address, 1);
    }

    private List<Integer> stagesWhere(Predicate<StageStatus> test) {
        List<Integer> matching = new ArrayList<>();
        for (int stage = 1; stage <= batchProcess.stages(); stage++) {
            if (test.test(batchProcess.status(stage))) {
                matching.add(stage);
            }
        }
        return matching;
    }
}
