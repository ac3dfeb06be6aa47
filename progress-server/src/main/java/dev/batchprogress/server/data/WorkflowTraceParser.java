package dev.batchprogress.server.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a workflow trace in WfCommons' WfFormat (schema 1.5): the task graph from {@code
 * workflow.specification.tasks} ({@code id}, {@code parents}) and each task's runtime and program
 * from {@code workflow.execution.tasks} ({@code runtimeInSeconds}, {@code command.program}).
 *
 * <p>Every other field is ignored. That includes {@code executedAt}, whose format differs between
 * traces, and {@code children}, which only mirrors {@code parents}.
 */
public final class WorkflowTraceParser {

    /** The maximum task runtime, in seconds: one year. */
    static final double MAX_RUNTIME_SECONDS = 365.0 * 24 * 60 * 60;

    private static final String SPECIFICATION_TASKS = "workflow.specification.tasks";
    private static final String EXECUTION_TASKS = "workflow.execution.tasks";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private WorkflowTraceParser() {}

    /**
     * Parses and validates a WfFormat trace.
     *
     * @param file the trace file
     * @return the trace, its tasks in the order of {@code workflow.specification.tasks}
     * @throws InvalidInputException if the file is not JSON or a field that the replay reads is
     *     missing or has the wrong type. Also if a runtime is out of range, the specification and
     *     the execution list different tasks, or the task graph has an unknown parent or a cycle.
     */
    public static WorkflowTrace parse(InputFile file) {
        JsonNode root = readJson(file);
        Map<String, Execution> executions = executions(file, tasks(file, root, "execution"));
        List<TraceTask> tasks =
                specificationTasks(file, tasks(file, root, "specification"), executions);
        rejectUnknownExecutions(file, tasks, executions);
        return WorkflowTrace.of(file.name(), tasks);
    }

    private static List<TraceTask> specificationTasks(
            InputFile file, JsonNode specification, Map<String, Execution> executions) {
        List<TraceTask> tasks = new ArrayList<>(specification.size());
        for (int i = 0; i < specification.size(); i++) {
            String where = SPECIFICATION_TASKS + "[" + i + "]";
            JsonNode node = object(file, specification.get(i), where);
            String id = text(file, node, "id", where);
            List<String> parents = parents(file, node, where);
            Execution run = executions.get(id);
            if (run == null) {
                throw new InvalidInputException(
                        file.name(),
                        "task '"
                                + id
                                + "' has no entry in "
                                + EXECUTION_TASKS
                                + "; expected one with its runtimeInSeconds");
            }
            tasks.add(new TraceTask(id, run.program(), parents, run.runtime()));
        }
        return tasks;
    }

    private static void rejectUnknownExecutions(
            InputFile file, List<TraceTask> tasks, Map<String, Execution> executions) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(task -> ids.add(task.id()));
        for (String id : executions.keySet()) {
            if (!ids.contains(id)) {
                throw new InvalidInputException(
                        file.name(),
                        EXECUTION_TASKS
                                + " names task '"
                                + id
                                + "', which is not in "
                                + SPECIFICATION_TASKS
                                + "; expected the same task ids in both lists");
            }
        }
    }

    private record Execution(String program, Duration runtime) {}

    private static JsonNode readJson(InputFile file) {
        try {
            return MAPPER.readTree(file.content());
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String at =
                    location == null
                            ? ""
                            : " at line "
                                    + location.getLineNr()
                                    + ", column "
                                    + location.getColumnNr();
            throw new InvalidInputException(
                    file.name(),
                    "invalid JSON"
                            + at
                            + ": "
                            + e.getOriginalMessage()
                            + "; expected a WfFormat trace",
                    e);
        } catch (IOException e) {
            throw new InvalidInputException(
                    file.name(), "cannot read the trace: " + e.getMessage(), e);
        }
    }

    private static Map<String, Execution> executions(InputFile file, JsonNode execution) {
        // Insertion order makes the first unknown execution the one an error names.
        Map<String, Execution> executions = new LinkedHashMap<>();
        for (int i = 0; i < execution.size(); i++) {
            String where = EXECUTION_TASKS + "[" + i + "]";
            JsonNode node = object(file, execution.get(i), where);
            String id = text(file, node, "id", where);
            String program =
                    text(
                            file,
                            object(file, node.get("command"), where + ".command"),
                            "program",
                            where + ".command");
            Duration runtime = runtime(file, node, id, where);
            if (executions.putIfAbsent(id, new Execution(program, runtime)) != null) {
                throw new InvalidInputException(
                        file.name(),
                        EXECUTION_TASKS
                                + " lists task '"
                                + id
                                + "' twice; expected one entry per task");
            }
        }
        return executions;
    }

    private static Duration runtime(InputFile file, JsonNode task, String id, String where) {
        JsonNode value = task.get("runtimeInSeconds");
        if (value == null || !value.isNumber()) {
            throw new InvalidInputException(
                    file.name(),
                    where
                            + " (task '"
                            + id
                            + "') has no number field 'runtimeInSeconds'; expected the task's"
                            + " runtime in seconds");
        }
        double seconds = value.asDouble();
        if (!(seconds >= 0 && seconds <= MAX_RUNTIME_SECONDS)) {
            throw new InvalidInputException(
                    file.name(),
                    "runtimeInSeconds "
                            + value.asText()
                            + " of task '"
                            + id
                            + "' is out of range; expected 0 to "
                            + (long) MAX_RUNTIME_SECONDS
                            + " seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static List<String> parents(InputFile file, JsonNode task, String where) {
        JsonNode parents = task.get("parents");
        if (parents == null || !parents.isArray()) {
            throw new InvalidInputException(
                    file.name(),
                    where
                            + " has no array field 'parents'; expected the ids of the task's parents");
        }
        List<String> ids = new ArrayList<>(parents.size());
        for (int i = 0; i < parents.size(); i++) {
            JsonNode parent = parents.get(i);
            if (!parent.isTextual()) {
                throw new InvalidInputException(
                        file.name(),
                        where + ".parents[" + i + "] is " + parent + "; expected a task id string");
            }
            ids.add(parent.asText());
        }
        return ids;
    }

    /** Returns the array {@code workflow.<section>.tasks}. */
    private static JsonNode tasks(InputFile file, JsonNode root, String section) {
        JsonNode workflow = field(file, object(file, root, "the top level"), "workflow");
        String sectionPath = "workflow." + section;
        JsonNode sectionNode =
                field(file, object(file, workflow, "workflow"), section, sectionPath);
        String tasksPath = sectionPath + ".tasks";
        JsonNode tasks = field(file, object(file, sectionNode, sectionPath), "tasks", tasksPath);
        if (!tasks.isArray()) {
            throw new InvalidInputException(
                    file.name(), "'" + tasksPath + "' is not an array; expected a list of tasks");
        }
        return tasks;
    }

    private static JsonNode field(InputFile file, JsonNode object, String name) {
        return field(file, object, name, name);
    }

    private static JsonNode field(InputFile file, JsonNode object, String name, String path) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new InvalidInputException(
                    file.name(), "missing field '" + path + "'; expected a WfFormat trace");
        }
        return value;
    }

    private static JsonNode object(InputFile file, @Nullable JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(
                    file.name(), where + " is not a JSON object; expected an object");
        }
        return node;
    }

    private static String text(InputFile file, JsonNode object, String field, String where) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidInputException(
                    file.name(),
                    where + " has no text field '" + field + "'; expected a non-blank string");
        }
        return value.asText();
    }
}
