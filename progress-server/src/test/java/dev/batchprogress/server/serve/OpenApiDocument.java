package dev.batchprogress.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.batchprogress.server.http.OpenApiServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The server's OpenAPI document, read from its resource, and validation of JSON values against the
 * JSON Schema 2020-12 schemas in it.
 */
final class OpenApiDocument {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** Reads the document that the server serves. */
    static OpenApiDocument load() {
        return new OpenApiDocument(parse(OpenApiServlet.document()));
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Returns the node a local reference such as {@code #/components/schemas/Eta} names. */
    JsonNode resolve(String reference) {
        if (!reference.startsWith("#/")) {
            throw new IllegalArgumentException("not a local reference: " + reference);
        }
        JsonNode node = root.at(reference.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("reference " + reference + " names nothing");
        }
        return node;
    }

    /**
     * Returns the node itself, or the node its {@code $ref} names when it is a reference object.
     */
    JsonNode dereference(JsonNode node) {
        return node.has("$ref") ? dereference(resolve(node.get("$ref").asText())) : node;
    }

    /**
     * Returns the JSON schema of a response of an operation, falling back to the {@code default}
     * response when the status is not listed.
     */
    Optional<JsonNode> responseSchema(String path, int status, String mediaType) {
        JsonNode responses = root.path("paths").path(path).path("get").path("responses");
        if (responses.isMissingNode()) {
            throw new IllegalArgumentException("the document has no GET " + path);
        }
        JsonNode response = responses.get(Integer.toString(status));
        if (response == null) {
            response = responses.get("default");
        }
        if (response == null) {
            return Optional.empty();
        }
        JsonNode schema = dereference(response).path("content").path(mediaType).path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
    }

    /**
     * Validates a value against a schema of the document. The schema is compiled with the
     * document's components beside it, so its references resolve.
     *
     * @return the validation errors; empty when the value is valid
     */
    List<Error> validate(JsonNode schema, JsonNode value) {
        ObjectNode standalone = schema.isObject() ? schema.deepCopy() : MAPPER.createObjectNode();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", root.get("components"));
        Schema compiled = REGISTRY.getSchema(standalone);
        return compiled.validate(value);
    }

    /** Validates a schema of the document against the JSON Schema 2020-12 meta-schema. */
    static List<Error> validateSchema(JsonNode schema) {
        Schema meta =
                REGISTRY.getSchema(
                        com.networknt.schema.SchemaLocation.of(
                                "https://json-schema.org/draft/2020-12/schema"));
        return meta.validate(schema);
    }
}
