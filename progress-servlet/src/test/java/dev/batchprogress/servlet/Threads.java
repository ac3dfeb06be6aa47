package dev.batchprogress.servlet;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Finds threads that a test started and left running. */
final class Threads {

    private Threads() {}

    /**
     * Returns the live threads of the JVM. It first starts the JDK's one delay-scheduler thread of
     * {@link CompletableFuture#orTimeout}, which lives as long as the JVM once a timeout was set,
     * so that a test that sets the first timeout does not count it as its own.
     */
    static Set<Thread> live() {
        new CompletableFuture<Void>().orTimeout(1, TimeUnit.NANOSECONDS);
        return Set.copyOf(
                Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).toList());
    }

    /** Returns the live threads whose names start with a prefix. */
    static List<String> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    /**
     * Returns the names of the threads that started after a snapshot and are still alive after each
     * got up to the timeout, in total, to end. Workers of the JDK's common fork-join pool are left
     * out: the pool belongs to the JVM, and its idle workers end on their own after a minute.
     */
    static List<String> startedSince(Set<Thread> before, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : live()) {
            if (!before.contains(thread) && !isCommonPoolWorker(thread)) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return live().stream()
                .filter(thread -> !before.contains(thread) && !isCommonPoolWorker(thread))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    private static boolean isCommonPoolWorker(Thread thread) {
        return thread.getName().startsWith("ForkJoinPool.commonPool-worker-");
    }
}
