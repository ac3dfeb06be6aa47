package dev.batchprogress.memory;

import java.util.Arrays;

/**
 * One byte of state per task of a stage, in pages of 4,096 tasks allocated when a task in them is
 * first added. Dense numbering from 0 costs a byte a task; a few tasks with very large numbers cost
 * a page each, not an array up to the largest number. Not thread-safe: the run's lock guards it.
 */
final class TaskStates {

    static final byte ABSENT = 0;
    static final byte PENDING = 1;
    static final byte SUCCEEDED = 2;
    static final byte FAILED = 3;

    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final byte[][] NO_PAGES = new byte[0][];

    private byte[][] pages = NO_PAGES;

    /** Returns a task's state, {@link #ABSENT} for a task never added or a negative number. */
    byte get(int task) {
        if (task < 0) {
            return ABSENT;
        }
        int page = task >>> PAGE_BITS;
        if (page >= pages.length || pages[page] == null) {
            return ABSENT;
        }
        return pages[page][task & PAGE_MASK];
    }

    /** Sets the state of a task with a non-negative number, allocating its page if needed. */
    void set(int task, byte state) {
        int page = task >>> PAGE_BITS;
        if (page >= pages.length) {
            // Doubling keeps the page table's growth amortised O(1) per page.
            pages = Arrays.copyOf(pages, Math.max(page + 1, 2 * pages.length));
        }
        byte[] tasks = pages[page];
        if (tasks == null) {
            tasks = new byte[PAGE_SIZE];
            pages[page] = tasks;
        }
        tasks[task & PAGE_MASK] = state;
    }
}
