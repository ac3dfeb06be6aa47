package dev.batchprogress.server.serve;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Finds the threads that would keep a JVM alive: live non-daemon threads. */
final class Threads {

    private Threads() {}

    /** Returns the live non-daemon threads of the JVM. */
    static Set<Thread> nonDaemon() {
        return Set.copyOf(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.isAlive() && !thread.isDaemon())
                        .toList());
    }

    /**
     * Returns the non-daemon threads that started after a snapshot and are still alive after each
     * got up to the timeout to end.
     */
    static List<String> remainingSince(Set<Thread> before, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : nonDaemon()) {
            if (!before.contains(thread)) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return nonDaemon().stream()
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
