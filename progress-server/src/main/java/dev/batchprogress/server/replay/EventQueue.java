package dev.batchprogress.server.replay;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The future events of a discrete-event simulation, run in order of simulated time. Events due at
 * the same time run in the order they were scheduled, which keeps a replay deterministic.
 */
final class EventQueue {

    private record Event(long time, long sequence, Runnable action) {}

    private final PriorityQueue<Event> events =
            new PriorityQueue<>(
                    Comparator.comparingLong(Event::time).thenComparingLong(Event::sequence));
    private long now;
    private long nextSequence;

    /** Returns the simulated time of the event that runs now, in nanoseconds since the start. */
    long now() {
        return now;
    }

    /**
     * Schedules an action after a delay from the current simulated time.
     *
     * @param delay how long after now, not negative
     * @param action what to run then
     * @throws ArithmeticException if the time would overflow 292 years of nanoseconds
     */
    void schedule(Duration delay, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay " + delay + " is negative");
        }
        events.add(new Event(Math.addExact(now, delay.toNanos()), nextSequence++, action));
    }

    /** Returns whether no event is scheduled. */
    boolean isEmpty() {
        return events.isEmpty();
    }

    /**
     * Returns the time of the next event.
     *
     * @throws IllegalStateException if no event is scheduled
     */
    long nextTime() {
        Event next = events.peek();
        if (next == null) {
            throw new IllegalStateException("no event is scheduled");
        }
        return next.time();
    }

    /**
     * Runs every event due at or before a time, including those that the events schedule for that
     * time, and then sets the current time to it.
     *
     * @param time the simulated time to reach, not before the current one
     */
    void runUntil(long time) {
        for (Event next = events.peek();
                next != null && next.time() <= time;
                next = events.peek()) {
            events.remove();
            now = next.time();
            next.action().run();
        }
        now = time;
    }
}
