package dev.batchprogress.server.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tasks of one recorded workflow run and their dependencies, checked to form a directed acyclic
 * graph. Every task also has a depth: 0 for a task without parents, otherwise one more than its
 * deepest parent.
 */
public final class WorkflowTrace {

    private final String name;
    private final List<TraceTask> tasks;
    private final int[][] parentIndexes;
    private final int[] depths;

    private WorkflowTrace(String name, List<TraceTask> tasks, int[][] parentIndexes, int[] depths) {
        this.name = name;
        this.tasks = tasks;
        this.parentIndexes = parentIndexes;
        this.depths = depths;
    }

    /**
     * Checks tasks for a directed acyclic graph and returns them as a trace.
     *
     * @param fileName the name of the trace's file, used in messages and as the trace's name
     * @param tasks the tasks, at least one, in the order of the file
     * @return the trace
     * @throws InvalidInputException if there are no tasks, two tasks share an id, a task names a
     *     parent that is not a task of the trace, or the dependencies form a cycle
     */
    public static WorkflowTrace of(String fileName, List<TraceTask> tasks) {
        List<TraceTask> copy = List.copyOf(tasks);
        if (copy.isEmpty()) {
            throw new InvalidInputException(
                    fileName, "the trace has no tasks; expected at least one task");
        }

        Map<String, Integer> indexById = indexById(fileName, copy);
        int[][] parentIndexes = parentIndexes(fileName, copy, indexById);
        int[] depths = depths(fileName, copy, parentIndexes);
        return new WorkflowTrace(fileName, copy, parentIndexes, depths);
    }

    /** Returns the name of the trace's file. */
    public String name() {
        return name;
    }

    /** Returns the tasks in the order of the file. */
    public List<TraceTask> tasks() {
        return tasks;
    }

    /**
     * Returns the depth of a task: 0 when it has no parents, otherwise one more than the depth of
     * its deepest parent.
     *
     * @param index the task's index in {@link #tasks()}
     * @return the depth, at least 0
     */
    public int depth(int index) {
        return depths[index];
    }

    /**
     * Returns the parents of a task.
     *
     * @param index the task's index in {@link #tasks()}
     * @return the indexes in {@link #tasks()} of the task's parents, in the order of the file
     */
    public int[] parentIndexes(int index) {
        return parentIndexes[index].clone();
    }

    private static Map<String, Integer> indexById(String fileName, List<TraceTask> tasks) {
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            String id = tasks.get(i).id();
            if (indexById.putIfAbsent(id, i) != null) {
                throw new InvalidInputException(
                        fileName, "task id '" + id + "' appears twice; expected unique task ids");
            }
        }
        return indexById;
    }

    private static int[][] parentIndexes(
            String fileName, List<TraceTask> tasks, Map<String, Integer> indexById) {
        int[][] parentIndexes = new int[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            TraceTask task = tasks.get(i);
            parentIndexes[i] = new int[task.parents().size()];
            for (int p = 0; p < parentIndexes[i].length; p++) {
                String parent = task.parents().get(p);
                Integer index = indexById.get(parent);
                if (index == null) {
                    throw new InvalidInputException(
                            fileName,
                            "task '"
                                    + task.id()
                                    + "' names parent '"
                                    + parent
                                    + "', which is not a task of this trace; expected the id of"
                                    + " another task");
                }
                parentIndexes[i][p] = index;
            }
        }
        return parentIndexes;
    }

    /**
     * Computes each task's depth in topological order (Kahn's algorithm), which also detects
     * cycles: a task on a cycle never runs out of unvisited parents.
     */
    private static int[] depths(String fileName, List<TraceTask> tasks, int[][] parentIndexes) {
        int count = tasks.size();
        int[] unvisitedParents = new int[count];
        List<List<Integer>> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            for (int parent : parentIndexes[i]) {
                children.get(parent).add(i);
            }
            unvisitedParents[i] = parentIndexes[i].length;
        }

        int[] depths = new int[count];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            if (unvisitedParents[i] == 0) {
                ready.add(i);
            }
        }
        int visited = 0;
        while (!ready.isEmpty()) {
            int task = ready.remove();
            visited++;
            for (int child : children.get(task)) {
                depths[child] = Math.max(depths[child], depths[task] + 1);
                if (--unvisitedParents[child] == 0) {
                    ready.add(child);
                }
            }
        }

        if (visited < count) {
            throw new InvalidInputException(
                    fileName,
                    "the task dependencies form a cycle: "
                            + describeCycle(tasks, parentIndexes, unvisitedParents)
                            + "; expected an acyclic task graph");
        }
        return depths;
    }

    /**
     * Finds one cycle among the tasks that Kahn's algorithm left unvisited. Each of them has an
     * unvisited parent, so walking from parent to parent must return to a task seen before.
     */
    private static String describeCycle(
            List<TraceTask> tasks, int[][] parentIndexes, int[] unvisitedParents) {
        int start = 0;
        while (unvisitedParents[start] == 0) {
            start++;
        }
        int[] stepOf = new int[tasks.size()];
        Arrays.fill(stepOf, -1);
        List<Integer> walk = new ArrayList<>();
        int task = start;
        while (stepOf[task] < 0) {
            stepOf[task] = walk.size();
            walk.add(task);
            task = unvisitedParent(parentIndexes[task], unvisitedParents);
        }

        List<Integer> cycle = new ArrayList<>(walk.subList(stepOf[task], walk.size()));
        cycle.add(task);
        // The walk went from child to parent; a parent-to-child order reads as the dependencies.
        Collections.reverse(cycle);
        return cycle.stream()
                .map(index -> "'" + tasks.get(index).id() + "'")
                .collect(Collectors.joining(" -> "));
    }

    private static int unvisitedParent(int[] parents, int[] unvisitedParents) {
        for (int parent : parents) {
            if (unvisitedParents[parent] > 0) {
                return parent;
            }
        }
        throw new IllegalStateException("a task left unvisited has no unvisited parent");
    }

    @Override
    public String toString() {
        return name + " (" + tasks.size() + " tasks)";
    }
}
