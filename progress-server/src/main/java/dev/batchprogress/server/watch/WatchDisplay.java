package dev.batchprogress.server.watch;

import dev.batchprogress.model.Progress;

/** Where a {@link Watcher} shows the answers it receives and what it does. */
public interface WatchDisplay {

    /**
     * Shows an answer that differs from the one shown before.
     *
     * @param progress the answer
     */
    void progress(Progress progress);

    /**
     * Shows what the watcher does apart from receiving answers, such as a reconnection or the
     * fallback to polling.
     *
     * @param message one line, without a line break
     */
    void notice(String message);
}
