package dev.batchprogress.memory;

import dev.batchprogress.model.BatchProcessState;
import dev.batchprogress.model.StageState;
import dev.batchprogress.model.StageStatus;
import dev.batchprogress.recording.IllegalTransitionException;
import dev.batchprogress.recording.Recorded;
import dev.batchprogress.recording.Rejections;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * A batch process run: per stage its status and task counts, and one byte per task so that a
 * repeated outcome is recognised. One lock guards the run, and readers take optimistic snapshots.
 */
final class BatchProcessRun extends MemoryRun {

    /** Optimistic reads a snapshot tries before it takes the read lock; tests read it. */
    static final int OPTIMISTIC_ATTEMPTS = 3;

    /** Stage statuses by their byte code, which is the index in this array. */
    private static final StageStatus[] STATUSES = {
        StageStatus.PENDING, StageStatus.RUNNING, StageStatus.SUCCEEDED, StageStatus.FAILED
    };

    private final StampedLock lock = new StampedLock();
    private final byte[] status;
    private final long[] total;
    private final long[] succeeded;
    private final long[] failed;
    private final TaskStates[] tasks;
    private long version;

    BatchProcessRun(RunRegistration registration, long registrationOrder, InstantSource clock) {
        super(registration, registrationOrder, clock);
        int stages = registration.pipeline().size();
        status = new byte[stages];
        total = new long[stages];
        succeeded = new long[stages];
        failed = new long[stages];
        tasks = new TaskStates[stages];
        for (int i = 0; i < stages; i++) {
            tasks[i] = new TaskStates();
        }
    }

    Recorded moveStage(int stage, StageStatus target) {
        int index = stageIndex(stage);
        StageStatus from;
        boolean skipped;
        long stamp = lock.writeLock();
        try {
            from = STATUSES[status[index]];
            skipped = skipReason != null;
            if (!skipped && from == target) {
                return Recorded.ALREADY_APPLIED;
            }
            if (!skipped && from.canMoveTo(target)) {
                status[index] = code(target);
                changed();
                return Recorded.APPLIED;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        if (skipped) {
            throw skippedRejection("stage " + stage, target.name());
        }
        throw new IllegalTransitionException(
                trackingId(), "stage " + stage, from.name(), target.name());
    }

    Recorded addTasks(int stage, int firstTask, int count) {
        int index = stageIndex(stage);
        if (!Rejections.validTaskRange(firstTask, count)) {
            throw Rejections.tasksOutOfRange(trackingId(), stage, firstTask, count);
        }
        StageStatus from;
        boolean skipped;
        long stamp = lock.writeLock();
        try {
            from = STATUSES[status[index]];
            skipped = skipReason != null;
            if (!skipped && !from.ended()) {
                return addPendingTasks(index, firstTask, count);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        if (skipped) {
            throw skippedRejection("stage " + stage, "tasks added");
        }
        throw Rejections.tasksAddedToEndedStage(trackingId(), stage, from.name());
    }

    private Recorded addPendingTasks(int index, int firstTask, int count) {
        TaskStates stageTasks = tasks[index];
        long added = 0;
        for (int offset = 0; offset < count; offset++) {
            int task = firstTask + offset;
            if (stageTasks.get(task) == TaskStates.ABSENT) {
                stageTasks.set(task, TaskStates.PENDING);
                added++;
            }
        }
        if (added == 0) {
            return Recorded.ALREADY_APPLIED;
        }
        total[index] += added;
        changed();
        return Recorded.APPLIED;
    }

    Recorded recordTaskOutcome(int stage, int task, TaskOutcome outcome) {
        int index = stageIndex(stage);
        byte target = outcome == TaskOutcome.SUCCEEDED ? TaskStates.SUCCEEDED : TaskStates.FAILED;
        StageStatus stageStatus;
        byte from;
        boolean skipped;
        long stamp = lock.writeLock();
        try {
            stageStatus = STATUSES[status[index]];
            skipped = skipReason != null;
            TaskStates stageTasks = tasks[index];
            from = stageTasks.get(task);
            boolean open = !skipped && !stageStatus.ended();
            if (open && from == target) {
                return Recorded.ALREADY_APPLIED;
            }
            if (open && from == TaskStates.PENDING) {
                stageTasks.set(task, target);
                if (target == TaskStates.SUCCEEDED) {
                    succeeded[index]++;
                } else {
                    failed[index]++;
                }
                changed();
                return Recorded.APPLIED;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        String subject = "task " + task + " of stage " + stage;
        if (skipped) {
            throw skippedRejection(subject, outcome.name());
        }
        if (from == TaskStates.ABSENT) {
            throw Rejections.taskNeverAdded(trackingId(), stage, task);
        }
        if (stageStatus.ended()) {
            throw Rejections.outcomeInEndedStage(
                    trackingId(), stage, task, stageStatus.name(), outcome);
        }
        TaskOutcome current =
                from == TaskStates.SUCCEEDED ? TaskOutcome.SUCCEEDED : TaskOutcome.FAILED;
        throw Rejections.taskAlreadyEnded(trackingId(), stage, task, current, outcome);
    }

    @Override
    Recorded skip(String reason) {
        long stamp = lock.writeLock();
        try {
            boolean anyFailed = false;
            boolean allSucceeded = true;
            for (byte stageStatus : status) {
                anyFailed |= STATUSES[stageStatus] == StageStatus.FAILED;
                allSucceeded &= STATUSES[stageStatus] == StageStatus.SUCCEEDED;
            }
            String endedState = anyFailed ? "FAILED" : "COMPLETE";
            Recorded outcome = checkSkip(reason, anyFailed || allSucceeded, endedState);
            if (outcome == Recorded.APPLIED) {
                skipReason = reason;
                changed();
            }
            return outcome;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    BatchProcessState snapshot() {
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0) {
                continue;
            }
            try {
                BatchProcessState state = read();
                if (lock.validate(stamp)) {
                    return state;
                }
            } catch (IllegalArgumentException torn) {
                // Values read while a writer held the lock may break the snapshot's invariants;
                // that is only an error when the read validates.
                if (lock.validate(stamp)) {
                    throw torn;
                }
            }
        }
        long stamp = lock.readLock();
        try {
            return read();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private BatchProcessState read() {
        List<StageState> stages = new ArrayList<>(status.length);
        for (int i = 0; i < status.length; i++) {
            stages.add(new StageState(STATUSES[status[i]], total[i], succeeded[i], failed[i]));
        }
        return new BatchProcessState(header(version), stages);
    }

    private void changed() {
        version++;
    }

    private int stageIndex(int stage) {
        if (stage < 1 || stage > status.length) {
            throw Rejections.stageOutOfRange(trackingId(), stage, status.length);
        }
        return stage - 1;
    }

    private static byte code(StageStatus stageStatus) {
        for (byte code = 0; code < STATUSES.length; code++) {
            if (STATUSES[code] == stageStatus) {
                return code;
            }
        }
        throw new AssertionError("no code for stage status " + stageStatus);
    }
}
