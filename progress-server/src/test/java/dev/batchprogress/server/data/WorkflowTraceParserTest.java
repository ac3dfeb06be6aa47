package dev.batchprogress.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WorkflowTraceParserTest {

    /** Returns a WfFormat trace with the given specification and execution task lists. */
    private static InputFile trace(List<String> specification, List<String> execution) {
        String json =
                "{\"name\":\"test\",\"schemaVersion\":\"1.5\",\"workflow\":{"
                        + "\"specification\":{\"tasks\":["
                        + String.join(",", specification)
                        + "]},\"execution\":{\"executedAt\":\"03-23-21T05:57:15Z\",\"tasks\":["
                        + String.join(",", execution)
                        + "]}}}";
        return json("trace.json", json);
    }

    private static InputFile json(String name, String json) {
        return InputFile.of(name, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String task(String id, String... parents) {
        String parentList =
                Arrays.stream(parents).map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        return "{\"name\":\"" + id + "\",\"id\":\"" + id + "\",\"parents\":[" + parentList + "]}";
    }

    private static String execution(String id, String program, String runtime) {
        return "{\"id\":\""
                + id
                + "\",\"runtimeInSeconds\":"
                + runtime
                + ",\"command\":{\"program\":\""
                + program
                + "\",\"arguments\":[]}}";
    }

    private static String execution(String id) {
        return execution(id, "p", "1.0");
    }

    @Nested
    class ValidTraces {

        @Test
        void parse_readsTasksInSpecificationOrder() {
            InputFile file =
                    trace(
                            List.of(task("a_ID01"), task("b_ID02", "a_ID01")),
                            List.of(
                                    execution("b_ID02", "b", "0.5"),
                                    execution("a_ID01", "a", "75.898")));

            WorkflowTrace trace = WorkflowTraceParser.parse(file);

            assertThat(trace.name()).isEqualTo("trace.json");
            assertThat(trace.tasks())
                    .containsExactly(
                            new TraceTask("a_ID01", "a", List.of(), Duration.ofMillis(75_898)),
                            new TraceTask(
                                    "b_ID02", "b", List.of("a_ID01"), Duration.ofMillis(500)));
        }

        @Test
        void depth_isLongestPathFromARoot() {
            // a -> b -> d and a -> c -> d, plus a shortcut a -> d.
            InputFile file =
                    trace(
                            List.of(
                                    task("a"),
                                    task("b", "a"),
                                    task("c", "a"),
                                    task("d", "b", "c", "a"),
                                    task("e")),
                            List.of(
                                    execution("a"),
                                    execution("b"),
                                    execution("c"),
                                    execution("d"),
                                    execution("e")));

            WorkflowTrace trace = WorkflowTraceParser.parse(file);

            assertThat(trace.depth(0)).isZero();
            assertThat(trace.depth(1)).isEqualTo(1);
            assertThat(trace.depth(2)).isEqualTo(1);
            assertThat(trace.depth(3)).isEqualTo(2);
            assertThat(trace.depth(4)).isZero();
            assertThat(trace.parentIndexes(3)).containsExactly(1, 2, 0);
        }

        @Test
        void zeroRuntime_isAccepted() {
            InputFile file = trace(List.of(task("a")), List.of(execution("a", "p", "0")));

            assertThat(WorkflowTraceParser.parse(file).tasks().get(0).runtime()).isZero();
        }

        @Test
        void bundled1000genome_has164Tasks() {
            WorkflowTrace trace =
                    WorkflowTraceParser.parse(
                            BundledData.read("1000genome-chameleon-4ch-250k-001.json"));

            assertThat(trace.tasks()).hasSize(164);
            assertThat(trace.tasks().get(0).category()).isEqualTo("individuals");
        }

        @Test
        void bundledMontage_has103Tasks() {
            WorkflowTrace trace =
                    WorkflowTraceParser.parse(
                            BundledData.read("montage-chameleon-2mass-01d-001.json"));

            assertThat(trace.tasks()).hasSize(103);
        }
    }

    @Nested
    class TaskGraphErrors {

        @Test
        void unknownParent_isRejected() {
            InputFile file =
                    trace(
                            List.of(task("a"), task("b", "x")),
                            List.of(execution("a"), execution("b")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("trace.json: ")
                    .hasMessageContaining("task 'b' names parent 'x'")
                    .hasMessageContaining("not a task of this trace");
        }

        @Test
        void cycle_isRejectedWithItsTasks() {
            InputFile file =
                    trace(
                            List.of(task("r"), task("a", "c", "r"), task("b", "a"), task("c", "b")),
                            List.of(
                                    execution("r"),
                                    execution("a"),
                                    execution("b"),
                                    execution("c")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("cycle: 'a' -> 'b' -> 'c' -> 'a'")
                    .hasMessageContaining("expected an acyclic task graph");
        }

        @Test
        void selfDependency_isRejectedAsCycle() {
            InputFile file = trace(List.of(task("a", "a")), List.of(execution("a")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("cycle: 'a' -> 'a'");
        }

        @Test
        void duplicateTaskId_isRejected() {
            InputFile file = trace(List.of(task("a"), task("a")), List.of(execution("a")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("task id 'a' appears twice");
        }

        @Test
        void noTasks_isRejected() {
            InputFile file = trace(List.of(), List.of());

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no tasks");
        }
    }

    @Nested
    class FieldErrors {

        @Test
        void taskWithoutExecution_isRejected() {
            InputFile file = trace(List.of(task("a"), task("b")), List.of(execution("a")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("task 'b' has no entry in workflow.execution.tasks");
        }

        @Test
        void executionOfUnknownTask_isRejected() {
            InputFile file = trace(List.of(task("a")), List.of(execution("a"), execution("z")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("names task 'z', which is not in");
        }

        @Test
        void missingRuntime_isRejected() {
            InputFile file =
                    trace(
                            List.of(task("a")),
                            List.of("{\"id\":\"a\",\"command\":{\"program\":\"p\"}}"));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("workflow.execution.tasks[0] (task 'a')")
                    .hasMessageContaining("'runtimeInSeconds'");
        }

        @Test
        void textRuntime_isRejected() {
            InputFile file = trace(List.of(task("a")), List.of(execution("a", "p", "\"12\"")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'runtimeInSeconds'");
        }

        @Test
        void negativeRuntime_isRejected() {
            InputFile file = trace(List.of(task("a")), List.of(execution("a", "p", "-1.5")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("runtimeInSeconds -1.5 of task 'a' is out of range");
        }

        @Test
        void missingProgram_isRejected() {
            InputFile file =
                    trace(List.of(task("a")), List.of("{\"id\":\"a\",\"runtimeInSeconds\":1}"));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(
                            "workflow.execution.tasks[0].command is not a JSON object");
        }

        @Test
        void missingParents_isRejected() {
            InputFile file = trace(List.of("{\"id\":\"a\"}"), List.of(execution("a")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(
                            "workflow.specification.tasks[0] has no array field 'parents'");
        }

        @Test
        void missingTaskId_isRejected() {
            InputFile file = trace(List.of("{\"parents\":[]}"), List.of(execution("a")));

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("workflow.specification.tasks[0] has no text field 'id'");
        }

        @Test
        void missingWorkflow_isRejected() {
            assertThatThrownBy(() -> WorkflowTraceParser.parse(json("empty.json", "{}")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("empty.json: missing field 'workflow'; expected a WfFormat trace");
        }

        @Test
        void missingExecution_isRejected() {
            InputFile file =
                    json("trace.json", "{\"workflow\":{\"specification\":{\"tasks\":[]}}}");

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("missing field 'workflow.execution'");
        }

        @Test
        void tasksThatAreNotAnArray_areRejected() {
            InputFile file =
                    json(
                            "trace.json",
                            "{\"workflow\":{\"specification\":{\"tasks\":{}},"
                                    + "\"execution\":{\"tasks\":[]}}}");

            assertThatThrownBy(() -> WorkflowTraceParser.parse(file))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'workflow.specification.tasks' is not an array");
        }

        @Test
        void invalidJson_isRejectedWithItsLocation() {
            assertThatThrownBy(
                            () -> WorkflowTraceParser.parse(json("broken.json", "{\n  \"a\": }")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("broken.json: invalid JSON at line 2");
        }

        @Test
        void topLevelArray_isRejected() {
            assertThatThrownBy(() -> WorkflowTraceParser.parse(json("list.json", "[]")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the top level is not a JSON object");
        }
    }
}
