package dev.batchprogress.server.replay;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.server.data.InvalidInputException;
import dev.batchprogress.server.data.TraceTask;
import dev.batchprogress.server.data.WorkflowTrace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The stages of a batch process run built from a workflow trace, and where each task belongs.
 *
 * <p>Tasks are grouped into stages by category. The categories of the tasks without parents
 * together form stage 1, named by joining them with {@code +} in order of first appearance. Every
 * other category is a stage of its own. These stages follow in order of the category's depth (the
 * smallest depth of its tasks), and categories of equal depth in order of first appearance. Tasks
 * are numbered from 0 within their stage, in the order of the trace.
 */
final class BatchProcessPlan {

    private final Pipeline pipeline;
    private final List<TraceTask> tasks;
    private final int[] stageOfTask;
    private final int[] numberInStage;
    private final int[] stageSizes;
    private final int[][] parents;
    private final List<List<Integer>> children;

    private BatchProcessPlan(
            Pipeline pipeline,
            List<TraceTask> tasks,
            int[] stageOfTask,
            int[] numberInStage,
            int[] stageSizes,
            int[][] parents,
            List<List<Integer>> children) {
        this.pipeline = pipeline;
        this.tasks = tasks;
        this.stageOfTask = stageOfTask;
        this.numberInStage = numberInStage;
        this.stageSizes = stageSizes;
        this.parents = parents;
        this.children = children;
    }

    /**
     * Groups the tasks of a trace into stages.
     *
     * @param trace the trace
     * @return the plan, its pipeline named after the trace's file without the extension
     */
    static BatchProcessPlan of(WorkflowTrace trace) {
        List<TraceTask> tasks = trace.tasks();
        List<List<String>> stageCategories = stageCategories(trace);
        Map<String, Integer> stageOfCategory = new HashMap<>();
        for (int stage = 1; stage <= stageCategories.size(); stage++) {
            for (String category : stageCategories.get(stage - 1)) {
                stageOfCategory.put(category, stage);
            }
        }

        int[] stageOfTask = new int[tasks.size()];
        int[] numberInStage = new int[tasks.size()];
        int[] stageSizes = new int[stageCategories.size()];
        int[][] parents = new int[tasks.size()][];
        List<List<Integer>> children = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            int stage = Objects.requireNonNull(stageOfCategory.get(tasks.get(i).category()));
            stageOfTask[i] = stage;
            numberInStage[i] = stageSizes[stage - 1]++;
            parents[i] = trace.parentIndexes(i);
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.size(); i++) {
            for (int parent : parents[i]) {
                children.get(parent).add(i);
            }
        }

        Pipeline pipeline = pipeline(trace, stageCategories);
        return new BatchProcessPlan(
                pipeline, tasks, stageOfTask, numberInStage, stageSizes, parents, children);
    }

    /** Returns the run's pipeline: one stage per group of categories. */
    Pipeline pipeline() {
        return pipeline;
    }

    /** Returns the number of tasks. */
    int taskCount() {
        return tasks.size();
    }

    /** Returns the 1-based stage of a task. */
    int stageOf(int task) {
        return stageOfTask[task];
    }

    /** Returns the 0-based number of a task within its stage. */
    int numberInStage(int task) {
        return numberInStage[task];
    }

    /** Returns the number of tasks of a 1-based stage, at least 1. */
    int stageSize(int stage) {
        return stageSizes[stage - 1];
    }

    /** Returns the runtime that the trace recorded for a task. */
    Duration runtime(int task) {
        return tasks.get(task).runtime();
    }

    /** Returns the number of parents of a task. */
    int parentCount(int task) {
        return parents[task].length;
    }

    /** Returns the tasks that depend on a task, in the order of the trace. */
    List<Integer> children(int task) {
        return children.get(task);
    }

    /** Returns the categories of each stage, stage 1 first. */
    private static List<List<String>> stageCategories(WorkflowTrace trace) {
        List<TraceTask> tasks = trace.tasks();
        Set<String> rootCategories = new LinkedHashSet<>();
        for (TraceTask task : tasks) {
            if (task.parents().isEmpty()) {
                rootCategories.add(task.category());
            }
        }
        Map<String, Integer> depthOfCategory = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            String category = tasks.get(i).category();
            if (!rootCategories.contains(category)) {
                depthOfCategory.merge(category, trace.depth(i), Math::min);
            }
        }

        List<List<String>> stages = new ArrayList<>();
        stages.add(List.copyOf(rootCategories));
        // The sort is stable, so categories of equal depth keep their order of first appearance.
        depthOfCategory.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .forEach(entry -> stages.add(List.of(entry.getKey())));
        return stages;
    }

    private static Pipeline pipeline(WorkflowTrace trace, List<List<String>> stageCategories) {
        String[] stageNames =
                stageCategories.stream()
                        .map(categories -> String.join("+", categories))
                        .toArray(String[]::new);
        try {
            return Pipeline.stages(pipelineName(trace), stageNames);
        } catch (IllegalArgumentException e) {
            // A category named like a joined stage 1, such as "a+b", would name a stage twice.
            throw new InvalidInputException(
                    trace.name(),
                    "cannot name the stages "
                            + Arrays.toString(stageNames)
                            + ": "
                            + e.getMessage());
        }
    }

    private static String pipelineName(WorkflowTrace trace) {
        String name = trace.name();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
