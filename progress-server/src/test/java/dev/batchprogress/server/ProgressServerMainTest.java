package dev.batchprogress.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class ProgressServerMainTest {

    private static final Pattern LINE =
            Pattern.compile("(t=\\d+(\\.\\d+)?s|final) 0x[0-9a-f]{64}(,0x[0-9a-f]{64})* \\{.*}");

    private static final List<String> BATCH_PROCESS_FIELDS =
            List.of(
                    "n_stages",
                    "stage",
                    "progress",
                    "failed",
                    "complete",
                    "overall_progress",
                    "skip_reason");

    private static final List<String> SUPPLY_SHED_FIELDS =
            List.of(
                    "complete",
                    "total_number_of_facilities",
                    "total_number_of_ungeocoded_facilities",
                    "total_number_of_facilities_failed",
                    "total_number_of_facilities_completed",
                    "total_number_of_facilities_queued",
                    "total_number_of_facilities_preprocessing",
                    "total_number_of_facilities_processing",
                    "skip_reason");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Result(int exitCode, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }

        List<String> finalLines() {
            return lines().stream().filter(line -> line.startsWith("final ")).toList();
        }
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ProgressServerMain.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static Result replay(String... options) {
        List<String> args = new ArrayList<>(List.of("replay", "--speed", "max", "--no-bars"));
        args.addAll(List.of(options));
        return execute(args.toArray(String[]::new));
    }

    /** Returns the tracking ids of an output line: the text between the first two spaces. */
    private static String ids(String line) {
        int first = line.indexOf(' ');
        return line.substring(first + 1, line.indexOf(' ', first + 1));
    }

    /** Returns the JSON of an output line: everything after the second space. */
    private static JsonNode json(String line) throws IOException {
        int second = line.indexOf(' ', line.indexOf(' ') + 1);
        return MAPPER.readTree(line.substring(second + 1));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Nested
    class Output {

        @Test
        void replay_printsReportsThenFinalAnswers() {
            Result result = replay();

            assertThat(result.exitCode()).isZero();
            assertThat(result.lines()).allMatch(line -> LINE.matcher(line).matches());
            assertThat(result.lines().subList(0, 4)).allMatch(line -> line.startsWith("t=0s "));
            assertThat(result.finalLines()).hasSize(5);
            assertThat(result.lines().subList(result.lines().size() - 5, result.lines().size()))
                    .isEqualTo(result.finalLines());
            assertThat(result.lines().size() - 5).isBetween(4 * 10, 4 * 20);
        }

        @Test
        void replay_listsRunsOnStandardError() {
            Result result = replay();

            assertThat(result.err())
                    .contains(
                            "replaying 1000genome-chameleon-4ch-250k-001.json (4 stages, 164 tasks)")
                    .contains(
                            "replaying montage-chameleon-2mass-01d-001.json (8 stages, 103 tasks)")
                    .contains("replaying Indonesia.csv (352 facilities, 161 ungeocoded)")
                    .contains("replaying Russia.csv (833 facilities, 210 ungeocoded)");
        }

        @Test
        void progressLines_areJsonInReferenceFieldOrder() throws IOException {
            Result result = replay();

            for (String line : result.lines()) {
                JsonNode node = json(line);
                List<String> expected =
                        node.has("n_stages") ? BATCH_PROCESS_FIELDS : SUPPLY_SHED_FIELDS;
                assertThat(fieldNames(node)).as(line).isEqualTo(expected);
                assertThat(node.get("skip_reason").isNull()).as(line).isTrue();
            }
        }

        @Test
        void finalAnswers_matchBundledFiles() throws IOException {
            List<String> finals = replay("--failure-share", "0").finalLines();

            assertThat(json(finals.get(0)).toString())
                    .isEqualTo(
                            "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,"
                                    + "\"complete\":true,\"overall_progress\":100,"
                                    + "\"skip_reason\":null}");
            assertThat(json(finals.get(1)).get("n_stages").asInt()).isEqualTo(8);
            JsonNode combined = json(finals.get(4));
            assertThat(combined.get("total_number_of_facilities").asInt()).isEqualTo(352 + 833);
            assertThat(combined.get("total_number_of_facilities_failed").asInt())
                    .isEqualTo(161 + 210);
            assertThat(combined.get("complete").asBoolean()).isTrue();
        }

        @Test
        void combinedLine_namesBothSupplyShedRuns() {
            List<String> finals = replay().finalLines();
            String indonesia = ids(finals.get(2));
            String russia = ids(finals.get(3));

            assertThat(finals.get(4)).startsWith("final " + indonesia + "," + russia + " {");
        }

        @Test
        void sameSeed_printsIdenticalLines() {
            assertThat(replay("--seed", "7").out()).isEqualTo(replay("--seed", "7").out());
        }

        @Test
        void otherSeed_printsOtherTrackingIds() {
            String first = ids(replay("--seed", "1").finalLines().get(0));
            String second = ids(replay("--seed", "2").finalLines().get(0));

            assertThat(second).isNotEqualTo(first);
        }

        @Test
        void interval_setsReportSpacing() {
            List<String> lines = replay("--interval", "5m").lines();

            assertThat(lines).anyMatch(line -> line.startsWith("t=300s "));
            assertThat(lines).noneMatch(line -> line.startsWith("t=60s "));
        }

        @Test
        void bars_goToStandardErrorOnly() {
            Result result = execute("replay", "--speed", "max", "--bars");

            assertThat(result.exitCode()).isZero();
            assertThat(result.err()).contains("\u001B[").contains("] stage 4/4, 100%, complete");
            assertThat(result.out()).doesNotContain("\u001B");
        }

        @Test
        void noBars_drawsNothing() {
            assertThat(replay().err()).doesNotContain("\u001B");
        }
    }

    @Nested
    class InputFiles {

        @TempDir Path directory;

        private Path write(String name, String content) throws IOException {
            return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
        }

        @Test
        void ownFiles_replaceBundledOnes() throws IOException {
            Path trace =
                    write(
                            "tiny.json",
                            "{\"workflow\":{\"specification\":{\"tasks\":["
                                    + "{\"id\":\"a_ID1\",\"parents\":[]},"
                                    + "{\"id\":\"b_ID2\",\"parents\":[\"a_ID1\"]}]},"
                                    + "\"execution\":{\"tasks\":["
                                    + "{\"id\":\"a_ID1\",\"runtimeInSeconds\":30,"
                                    + "\"command\":{\"program\":\"a\"}},"
                                    + "{\"id\":\"b_ID2\",\"runtimeInSeconds\":45,"
                                    + "\"command\":{\"program\":\"b\"}}]}}}");
            Path facilities = write("tiny.csv", "Name,Latitude,Longitude\r\nA,1,2\r\nB,,\r\n");

            Result result =
                    replay(
                            "--trace", trace.toString(),
                            "--facilities", facilities.toString(),
                            "--failure-share", "0");

            assertThat(result.exitCode()).isZero();
            assertThat(result.finalLines()).hasSize(3);
            assertThat(json(result.finalLines().get(0)).get("n_stages").asInt()).isEqualTo(2);
            JsonNode list = json(result.finalLines().get(1));
            assertThat(list.get("total_number_of_facilities").asInt()).isEqualTo(2);
            assertThat(list.get("total_number_of_facilities_failed").asInt()).isEqualTo(1);
            assertThat(list.get("total_number_of_facilities_completed").asInt()).isEqualTo(1);
        }

        @Test
        void invalidTrace_exitsWithMessage() throws IOException {
            Path trace = write("broken.json", "{}");

            Result result = replay("--trace", trace.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err())
                    .isEqualTo(
                            "progress-server replay: broken.json: missing field 'workflow';"
                                    + " expected a WfFormat trace"
                                    + System.lineSeparator());
            assertThat(result.out()).isEmpty();
        }

        @Test
        void cyclicTrace_exitsWithMessage() throws IOException {
            Path trace =
                    write(
                            "cycle.json",
                            "{\"workflow\":{\"specification\":{\"tasks\":["
                                    + "{\"id\":\"a\",\"parents\":[\"b\"]},"
                                    + "{\"id\":\"b\",\"parents\":[\"a\"]}]},"
                                    + "\"execution\":{\"tasks\":["
                                    + "{\"id\":\"a\",\"runtimeInSeconds\":1,"
                                    + "\"command\":{\"program\":\"a\"}},"
                                    + "{\"id\":\"b\",\"runtimeInSeconds\":1,"
                                    + "\"command\":{\"program\":\"b\"}}]}}}");

            Result result = replay("--trace", trace.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("cycle.json: the task dependencies form a cycle");
            assertThat(result.err()).doesNotContain("Exception");
        }

        @Test
        void facilityListWithoutCoordinates_exitsWithMessage() throws IOException {
            Path facilities = write("plants.csv", "Name,Fuel\r\nA,Coal\r\n");

            Result result = replay("--facilities", facilities.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("plants.csv: missing column 'Latitude'");
        }

        @Test
        void directoryAsFile_exitsWithMessage() {
            Result result = replay("--facilities", directory.toString());

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("'" + directory + "' is not a regular file");
        }
    }

    @Nested
    class OptionErrors {

        static Stream<Arguments> invalidOptions() {
            return Stream.of(
                    Arguments.of("--speed", "0", "'0' is not a positive number or 'max'"),
                    Arguments.of("--speed", "fast", "'fast' is not a positive number or 'max'"),
                    Arguments.of("--speed", "-5", "'-5' is not a positive number or 'max'"),
                    Arguments.of(
                            "--interval", "0s", "'0s' is not a duration from 1 ms to 365 days"),
                    Arguments.of("--interval", "soon", "'soon' is not a duration"),
                    Arguments.of("--interval", "400d", "'400d' is not a duration"),
                    Arguments.of("--failure-share", "1.5", "'1.5' is not a number from 0 to 1"),
                    Arguments.of("--failure-share", "NaN", "'NaN' is not a number from 0 to 1"),
                    Arguments.of(
                            "--task-failure-share", "-0.1", "'-0.1' is not a number from 0 to 1"),
                    Arguments.of("--concurrency", "0", "'0' is not a whole number from 1"),
                    Arguments.of("--concurrency", "many", "'many' is not a whole number from 1"),
                    Arguments.of("--organization", " ", "' ' is blank"),
                    Arguments.of("--seed", "abc", "'abc' is not a long"),
                    Arguments.of(
                            "--trace",
                            "/no/such/trace.json",
                            "file '/no/such/trace.json' does not exist"),
                    Arguments.of(
                            "--facilities", "/no/such.csv", "file '/no/such.csv' does not exist"));
        }

        @ParameterizedTest(name = "[{index}] {0} {1}")
        @MethodSource("invalidOptions")
        void invalidOption_exitsWithUsageError(String option, String value, String message) {
            Result result = execute("replay", option, value);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains(option).contains(message);
            assertThat(result.err())
                    .contains("Run 'progress-server replay --help' for the options.");
            assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(result.out()).isEmpty();
        }

        @Test
        void unknownOption_exitsWithUsageError() {
            Result result = execute("replay", "--sped", "max");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Unknown options: '--sped', 'max'");
            assertThat(result.err()).contains("Possible solutions: --speed");
        }

        @Test
        void missingSubcommand_exitsWithUsageError() {
            Result result = execute();

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("Missing required subcommand");
        }

        @Test
        void help_listsOptions() {
            Result result = execute("replay", "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out())
                    .contains("--speed=FACTOR")
                    .contains("--trace=FILE")
                    .contains("--facilities=FILE")
                    .contains("--[no-]bars")
                    .contains("Default: 42");
        }
    }
}
