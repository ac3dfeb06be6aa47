package dev.batchprogress.server.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenAPI document on its own: its structure, its schemas and every example in it. */
class OpenApiExamplesTest {

    private static final OpenApiDocument DOCUMENT = OpenApiDocument.load();

    /** An example and the schema it is documented with, named by where it sits. */
    record Example(String location, JsonNode schema, JsonNode value) {
        @Override
        public String toString() {
            return location;
        }
    }

    /** Returns every example of a response, media type or parameter, with its schema. */
    static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        JsonNode paths = DOCUMENT.root().get("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            JsonNode operation = path.getValue().get("get");
            for (JsonNode parameter : operation.path("parameters")) {
                addParameterExample(path.getKey(), DOCUMENT.dereference(parameter), examples);
            }
            for (Map.Entry<String, JsonNode> response : operation.get("responses").properties()) {
                String location = path.getKey() + " " + response.getKey();
                addContentExamples(location, DOCUMENT.dereference(response.getValue()), examples);
            }
        }
        return examples;
    }

    private static void addParameterExample(String path, JsonNode parameter, List<Example> out) {
        if (parameter.has("example")) {
            out.add(
                    new Example(
                            path + " parameter " + parameter.get("name").asText(),
                            parameter.get("schema"),
                            parameter.get("example")));
        }
    }

    private static void addContentExamples(String location, JsonNode response, List<Example> out) {
        for (Map.Entry<String, JsonNode> media : response.path("content").properties()) {
            JsonNode schema = media.getValue().get("schema");
            if (media.getValue().has("example")) {
                out.add(
                        new Example(
                                location + " " + media.getKey(),
                                schema,
                                media.getValue().get("example")));
            }
            for (Map.Entry<String, JsonNode> example :
                    media.getValue().path("examples").properties()) {
                out.add(
                        new Example(
                                location + " " + media.getKey() + " " + example.getKey(),
                                schema,
                                DOCUMENT.dereference(example.getValue()).get("value")));
            }
        }
    }

    static Stream<Arguments> everyExample() {
        return examples().stream().map(Arguments::of);
    }

    static Stream<Arguments> everyComponentSchema() {
        List<Arguments> schemas = new ArrayList<>();
        DOCUMENT.root()
                .path("components")
                .path("schemas")
                .properties()
                .forEach(entry -> schemas.add(Arguments.of(entry.getKey(), entry.getValue())));
        return schemas.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyExample")
    void example_validatesAgainstItsSchema(Example example) {
        assertThat(DOCUMENT.validate(example.schema(), example.value())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyComponentSchema")
    void componentSchema_isValidJsonSchema(String name, JsonNode schema) {
        assertThat(OpenApiDocument.validateSchema(schema)).as(name).isEmpty();
    }

    @Test
    void examples_coverEveryAnswerShapeAndError() {
        List<String> locations = examples().stream().map(Example::location).toList();

        assertThat(locations)
                .contains(
                        "/batch_progress 200 application/json batch_process_in_progress",
                        "/batch_progress 200 application/json supply_shed_skipped",
                        "/batch_progress/details 200 application/json batch_process",
                        "/batch_progress/details 200 application/json supply_shed",
                        "/batch_progress 400 application/json not_found",
                        "/batch_progress/stream 429 application/json too_many");
    }

    @Test
    void invalidAnswers_failValidation() {
        JsonNode progressSchema =
                DOCUMENT.responseSchema("/batch_progress", 200, "application/json").orElseThrow();
        JsonNode detailsSchema =
                DOCUMENT.responseSchema("/batch_progress/details", 200, "application/json")
                        .orElseThrow();
        ObjectNode overHundred =
                (ObjectNode)
                        OpenApiDocument.parse(
                                "{\"n_stages\":4,\"stage\":2,\"progress\":101,\"failed\":false,"
                                        + "\"complete\":false,\"overall_progress\":37,"
                                        + "\"skip_reason\":null}");
        ObjectNode withoutSkipReason = overHundred.deepCopy();
        withoutSkipReason.put("progress", 50);
        withoutSkipReason.remove("skip_reason");
        JsonNode finishedWithTimeLeft =
                OpenApiDocument.parse(
                        "{\"as_of\":\"2025-01-01T00:00:00Z\",\"progress\":"
                                + "{\"n_stages\":1,\"stage\":1,\"progress\":100,\"failed\":false,"
                                + "\"complete\":true,\"overall_progress\":100,\"skip_reason\":null},"
                                + "\"runs\":[{\"tracking_id\":\"a\",\"kind\":\"batch_process\","
                                + "\"pipeline\":\"p\",\"registered_at\":\"2025-01-01T00:00:00Z\","
                                + "\"changed_at\":\"2025-01-01T00:00:00Z\",\"elapsed_seconds\":0,"
                                + "\"progress\":{\"n_stages\":1,\"stage\":1,\"progress\":100,"
                                + "\"failed\":false,\"complete\":true,\"overall_progress\":100,"
                                + "\"skip_reason\":null},\"stages\":[],\"eta\":{\"state\":"
                                + "\"finished\",\"method\":\"observed completion rate over a"
                                + " sliding window\",\"window_seconds\":900,\"observations\":1,"
                                + "\"earliest_seconds\":5,\"latest_seconds\":0}}]}");

        assertThat(DOCUMENT.validate(progressSchema, overHundred)).isNotEmpty();
        assertThat(DOCUMENT.validate(progressSchema, withoutSkipReason)).isNotEmpty();
        assertThat(DOCUMENT.validate(detailsSchema, finishedWithTimeLeft)).isNotEmpty();
    }

    @Test
    void document_isOpenApi31AndLeavesOutDummyData() {
        String text =
                new String(
                        dev.batchprogress.server.http.OpenApiServlet.document(),
                        StandardCharsets.UTF_8);

        assertThat(DOCUMENT.root().get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(DOCUMENT.root().get("paths").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder(
                        "/batch_progress",
                        "/batch_progress/details",
                        "/batch_progress/stream",
                        "/metrics",
                        "/openapi.json");
        assertThat(text).doesNotContain("dummy_data");
    }

    @Test
    void everyReference_resolves() {
        List<String> references = new ArrayList<>();
        collectReferences(DOCUMENT.root(), references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(DOCUMENT.resolve(reference)).as(reference).isNotNull();
        }
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            field -> {
                                if (field.getKey().equals("$ref")) {
                                    out.add(field.getValue().asText());
                                } else {
                                    collectReferences(field.getValue(), out);
                                }
                            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, out));
        }
    }
}
