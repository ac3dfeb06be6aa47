package dev.batchprogress.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.model.Progress;

/**
 * The JSON bytes of recent progress answers, keyed by the answer itself.
 *
 * <p>Clients poll runs that change less often than they ask, so most answers equal one written
 * moments before; looking it up costs a fraction of writing it again. An answer is a value with no
 * run or caller in it, so equal answers of different callers share bytes without telling either
 * anything. Thread-safe; the arrays handed out are shared and must not be modified.
 */
final class AnswerBodies {

    /** Enough for the distinct answers of many polled runs, at under 300 bytes each. */
    private static final int MAXIMUM_ANSWERS = 4096;

    private final ProgressJson json;
    private final Cache<Progress, byte[]> bodies =
            Caffeine.newBuilder().maximumSize(MAXIMUM_ANSWERS).build();

    AnswerBodies(ProgressJson json) {
        this.json = json;
    }

    /** Returns the JSON of an answer, written once per distinct answer while it stays cached. */
    byte[] of(Progress answer) {
        byte[] body = bodies.getIfPresent(answer);
        if (body == null) {
            // Two threads may both write the same answer; both results are the same bytes.
            body = json.toJsonBytes(answer);
            bodies.put(answer, body);
        }
        return body;
    }
}
