package dev.batchprogress.properties;

import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.InvalidEventException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.RecordingException;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The reference model of a batch process run: each stage's status and each task's state. */
final class ReferenceBatchProcess extends ReferenceRun {

    /** The state of one task. */
    enum TaskState {
        PENDING,
        SUCCEEDED,
        FAILED
    }

    private static final int PERCENT = 100;

    private final StageStatus[] statuses;
    private final List<NavigableMap<Integer, TaskState>> tasks;

    ReferenceBatchProcess(RunRegistration registration) {
        super(registration);
        int stages = registration.pipeline().size();
        statuses = new StageStatus[stages];
        Arrays.fill(statuses, StageStatus.PENDING);
        tasks = new ArrayList<>(stages);
        for (int i = 0; i < stages; i++) {
            tasks.add(new TreeMap<>());
        }
    }

    int stages() {
        return statuses.length;
    }

    StageStatus status(int stage) {
        return statuses[stage - 1];
    }

    /** Returns the tasks added to a stage, by task number. */
    NavigableMap<Integer, TaskState> tasks(int stage) {
        return tasks.get(stage - 1);
    }

    /** Computes the state of every stage from its tasks. */
    List<StageState> stageStates() {
        List<StageState> states = new ArrayList<>(statuses.length);
        for (int stage = 1; stage <= statuses.length; stage++) {
            long succeeded = 0;
            long failed = 0;
            for (TaskState task : tasks(stage).values()) {
                if (task == TaskState.SUCCEEDED) {
                    succeeded++;
                } else if (task == TaskState.FAILED) {
                    failed++;
                }
            }
            states.add(new StageState(status(stage), tasks(stage).size(), succeeded, failed));
        }
        return states;
    }

    @Override
    boolean ended() {
        boolean allSucceeded = true;
        for (StageStatus status : statuses) {
            if (status == StageStatus.FAILED) {
                return true;
            }
            allSucceeded &= status == StageStatus.SUCCEEDED;
        }
        return allSucceeded;
    }

    @Override
    BatchProcessProgress expectedProgress() {
        int stages = statuses.length;
        if (skipReason != null) {
            return new BatchProcessProgress(
                    stages, stages, PERCENT, false, true, PERCENT, skipReason);
        }
        int current = firstStageWith(StageStatus.FAILED);
        if (current == 0) {
            current = firstStageNotSucceeded();
        }
        if (current == 0) {
            current = stages;
        }
        StageState stage = stageStates().get(current - 1);
        int progress;
        if (stage.status() == StageStatus.SUCCEEDED) {
            progress = PERCENT;
        } else if (stage.total() == 0) {
            progress = 0;
        } else {
            progress = (int) Math.min(PERCENT - 1, PERCENT * stage.succeeded() / stage.total());
        }
        int overall = ((current - 1) * PERCENT + progress) / stages;
        boolean failed = firstStageWith(StageStatus.FAILED) != 0;
        boolean complete = firstStageNotSucceeded() == 0;
        return new BatchProcessProgress(stages, current, progress, failed, complete, overall, null);
    }

    /** Returns the 1-based number of the first stage with a status, or 0 when there is none. */
    private int firstStageWith(StageStatus status) {
        for (int stage = 1; stage <= statuses.length; stage++) {
            if (status(stage) == status) {
                return stage;
            }
        }
        return 0;
    }

    private int firstStageNotSucceeded() {
        for (int stage = 1; stage <= statuses.length; stage++) {
            if (status(stage) != StageStatus.SUCCEEDED) {
                return stage;
            }
        }
        return 0;
    }

    @Override
    @Nullable Recorded judgeEvent(
            RunEvent event, Set<Class<? extends RecordingException>> rejections) {
        if (event instanceof RunEvent.StartStage start) {
            return judgeStage(start.stage(), StageStatus.PENDING, StageStatus.RUNNING, rejections);
        }
        if (event instanceof RunEvent.SucceedStage succeed) {
            return judgeStage(
                    succeed.stage(), StageStatus.RUNNING, StageStatus.SUCCEEDED, rejections);
        }
        if (event instanceof RunEvent.FailStage fail) {
            return judgeStage(fail.stage(), StageStatus.RUNNING, StageStatus.FAILED, rejections);
        }
        if (event instanceof RunEvent.AddTasks add) {
            return judgeAddTasks(add, rejections);
        }
        if (event instanceof RunEvent.RecordTaskOutcome outcome) {
            return judgeOutcome(outcome, rejections);
        }
        // A facility event names a supply shed run.
        rejections.add(InvalidEventException.class);
        return null;
    }

    private @Nullable Recorded judgeStage(
            int stage,
            StageStatus from,
            StageStatus target,
            Set<Class<? extends RecordingException>> rejections) {
        if (stage < 1 || stage > statuses.length) {
            rejections.add(InvalidEventException.class);
            return null;
        }
        if (skipReason != null) {
            rejections.add(IllegalTransitionException.class);
            return null;
        }
        if (status(stage) == target) {
            return Recorded.ALREADY_APPLIED;
        }
        if (status(stage) == from) {
            return Recorded.APPLIED;
        }
        rejections.add(IllegalTransitionException.class);
        return null;
    }

    private @Nullable Recorded judgeAddTasks(
            RunEvent.AddTasks add, Set<Class<? extends RecordingException>> rejections) {
        if (add.stage() < 1 || add.stage() > statuses.length) {
            rejections.add(InvalidEventException.class);
        }
        if (add.firstTask() < 0
                || add.count() < 1
                || (long) add.firstTask() + add.count() > Integer.MAX_VALUE) {
            rejections.add(InvalidEventException.class);
        }
        if (!rejections.isEmpty()) {
            return null;
        }
        if (skipReason != null || status(add.stage()).ended()) {
            rejections.add(IllegalTransitionException.class);
            return null;
        }
        Map<Integer, TaskState> stageTasks = tasks(add.stage());
        for (int task = add.firstTask(); task < add.firstTask() + add.count(); task++) {
            if (!stageTasks.containsKey(task)) {
                return Recorded.APPLIED;
            }
        }
        return Recorded.ALREADY_APPLIED;
    }

    private @Nullable Recorded judgeOutcome(
            RunEvent.RecordTaskOutcome outcome,
            Set<Class<? extends RecordingException>> rejections) {
        if (outcome.stage() < 1 || outcome.stage() > statuses.length) {
            rejections.add(InvalidEventException.class);
            return null;
        }
        TaskState task = tasks(outcome.stage()).get(outcome.task());
        if (skipReason != null || status(outcome.stage()).ended()) {
            rejections.add(IllegalTransitionException.class);
        }
        if (task == null) {
            rejections.add(InvalidEventException.class);
        }
        if (!rejections.isEmpty()) {
            return null;
        }
        TaskState target = target(outcome.outcome());
        if (task == target) {
            return Recorded.ALREADY_APPLIED;
        }
        if (task == TaskState.PENDING) {
            return Recorded.APPLIED;
        }
        rejections.add(IllegalTransitionException.class);
        return null;
    }

    private static TaskState target(TaskOutcome outcome) {
        return outcome == TaskOutcome.SUCCEEDED ? TaskState.SUCCEEDED : TaskState.FAILED;
    }

    @Override
    void applyEvent(RunEvent event) {
        if (event instanceof RunEvent.StartStage start) {
            statuses[start.stage() - 1] = StageStatus.RUNNING;
        } else if (event instanceof RunEvent.SucceedStage succeed) {
            statuses[succeed.stage() - 1] = StageStatus.SUCCEEDED;
        } else if (event instanceof RunEvent.FailStage fail) {
            statuses[fail.stage() - 1] = StageStatus.FAILED;
        } else if (event instanceof RunEvent.AddTasks add) {
            for (int task = add.firstTask(); task < add.firstTask() + add.count(); task++) {
                tasks(add.stage()).putIfAbsent(task, TaskState.PENDING);
            }
        } else if (event instanceof RunEvent.RecordTaskOutcome outcome) {
            tasks(outcome.stage()).put(outcome.task(), target(outcome.outcome()));
        } else {
            throw new IllegalArgumentException("not a batch process event: " + event);
        }
    }
}
