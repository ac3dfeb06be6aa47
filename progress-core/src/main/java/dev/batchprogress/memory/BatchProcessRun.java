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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * A batch process run: per stage its status and task counts, and one byte per task so that a
 * repeated outcome is recognised. One lock guards the run; readers take optimistic snapshots.
 */
final class BatchProcessRun extends MemoryRun {

    private static final byte TASK_ABSENT = 0;
    private static final byte TASK_PENDING = 1;
    private static final byte TASK_SUCCEEDED = 2;
    private static final byte TASK_FAILED = 3;
    private static final int OPTIMISTIC_ATTEMPTS = 3;

    /** Stage statuses by their byte code, which is the index in this array. */
    private static final StageStatus[] STATUSES = {
        StageStatus.PENDING, StageStatus.RUNNING, StageStatus.SUCCEEDED, StageStatus.FAILED
    };

    private final StampedLock lock = new StampedLock();
    private final byte[] status;
    private final long[] total;
    private final long[] succeeded;
    private final long[] failed;
    private final byte[][] tasks;
    private long version;
    private long changedMillis;

    BatchProcessRun(RunRegistration registration, long registrationOrder, InstantSource clock) {
        super(registration, registrationOrder, clock);
        int stages = registration.pipeline().size();
        status = new byte[stages];
        total = new long[stages];
        succeeded = new long[stages];
        failed = new long[stages];
        tasks = new byte[stages][];
        Arrays.fill(tasks, new byte[0]);
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
        int end = firstTask + count;
        byte[] stageTasks = tasks[index];
        if (stageTasks.length < end) {
            // Doubling keeps adding tasks one at a time amortised O(1) per task.
            long grown = Math.max((long) end, 2L * stageTasks.length);
            stageTasks = Arrays.copyOf(stageTasks, (int) Math.min(grown, Integer.MAX_VALUE - 8L));
            tasks[index] = stageTasks;
        }
        long added = 0;
        for (int task = firstTask; task < end; task++) {
            if (stageTasks[task] == TASK_ABSENT) {
                stageTasks[task] = TASK_PENDING;
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
        byte target = outcome == TaskOutcome.SUCCEEDED ? TASK_SUCCEEDED : TASK_FAILED;
        StageStatus stageStatus;
        byte from;
        boolean skipped;
        long stamp = lock.writeLock();
        try {
            stageStatus = STATUSES[status[index]];
            skipped = skipReason != null;
            byte[] stageTasks = tasks[index];
            from = task >= 0 && task < stageTasks.length ? stageTasks[task] : TASK_ABSENT;
            boolean open = !skipped && !stageStatus.ended();
            if (open && from == target) {
                return Recorded.ALREADY_APPLIED;
            }
            if (open && from == TASK_PENDING) {
                stageTasks[task] = target;
                if (target == TASK_SUCCEEDED) {
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
        if (from == TASK_ABSENT) {
            throw Rejections.taskNeverAdded(trackingId(), stage, task);
        }
        if (stageStatus.ended()) {
            throw Rejections.outcomeInEndedStage(
                    trackingId(), stage, task, stageStatus.name(), outcome);
        }
        TaskOutcome current = from == TASK_SUCCEEDED ? TaskOutcome.SUCCEEDED : TaskOutcome.FAILED;
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
        return new BatchProcessState(header(version, changedMillis), stages);
    }

    private void changed() {
        version++;
        changedMillis = clock.millis();
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
