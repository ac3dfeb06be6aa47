package dev.batchprogress.server.data;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One task of a workflow trace.
 *
 * @param id the task's id, unique within its trace, such as {@code individuals_ID0000001}
 * @param category the program the task ran, such as {@code individuals}; tasks of one category form
 *     one stage or share the first stage
 * @param parents the ids of the tasks that must succeed before this one starts
 * @param runtime how long the task ran, not negative
 */
public record TraceTask(String id, String category, List<String> parents, Duration runtime) {

    /** Validates the components and copies the parent list. */
    public TraceTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(runtime, "runtime");
        parents = List.copyOf(parents);
        if (id.isBlank()) {
            throw new IllegalArgumentException("task id is blank; expected an id");
        }
        if (category.isBlank()) {
            throw new IllegalArgumentException(
                    "category of task '" + id + "' is blank; expected a program name");
        }
        if (runtime.isNegative()) {
            throw new IllegalArgumentException(
                    "runtime " + runtime + " of task '" + id + "' is negative");
        }
    }
}
