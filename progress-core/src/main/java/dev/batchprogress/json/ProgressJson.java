package dev.batchprogress.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.batchprogress.ProgressException;
import dev.batchprogress.QueryValidationException;
import dev.batchprogress.ValidationError;
import dev.batchprogress.details.ProgressDetails;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes progress answers and error bodies as the wire contract prints them, and reads them back.
 *
 * <p>Output is compact UTF-8 JSON with the fields in the reference's order and {@code skip_reason}
 * last, present as {@code null} when there is none. The field order is set here, not by annotations
 * on the model. Instances are immutable and thread-safe.
 */
public final class ProgressJson {

    private final ObjectMapper mapper;

    private ProgressJson() {
        SimpleModule module = new SimpleModule("batch-progress");
        module.addSerializer(BatchProcessProgress.class, new BatchProcessSerializer());
        module.addSerializer(SupplyShedProgress.class, new SupplyShedSerializer());
        module.addSerializer(ErrorBody.class, new ErrorBodySerializer());
        module.addSerializer(ProgressDetails.class, new DetailsSerializer());
        module.addDeserializer(Progress.class, new ProgressDeserializer());
        mapper =
                JsonMapper.builder()
                        .addModule(module)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .build();
    }

    /** {@return a codec} */
    public static ProgressJson create() {
        return new ProgressJson();
    }

    /**
     * Writes a progress answer.
     *
     * @param progress the answer
     * @return compact JSON, such as {@code {"n_stages":4,"stage":2,...,"skip_reason":null}}
     */
    public String toJson(Progress progress) {
        return write(progress);
    }

    /**
     * Writes a progress answer as UTF-8 bytes.
     *
     * @param progress the answer
     * @return the bytes of {@link #toJson(Progress)}
     */
    public byte[] toJsonBytes(Progress progress) {
        try {
            return mapper.writeValueAsBytes(progress);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a breakdown, as {@code GET /batch_progress/details} returns it. The {@code progress}
     * objects in it are written exactly as {@link #toJson(Progress)} writes them.
     *
     * @param details the breakdown
     * @return compact JSON, such as {@code {"as_of":"...","progress":{...},"runs":[...]}}
     */
    public String toJson(ProgressDetails details) {
        return write(details);
    }

    /**
     * Writes a breakdown as UTF-8 bytes.
     *
     * @param details the breakdown
     * @return the bytes of {@link #toJson(ProgressDetails)}
     */
    public byte[] toJsonBytes(ProgressDetails details) {
        try {
            return mapper.writeValueAsBytes(details);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the error body of a failed query: {@code {"detail":"..."}}, or for a 422 the list of
     * validation errors.
     *
     * @param failure the exception the tracker threw
     * @return compact JSON
     */
    public String errorJson(ProgressException failure) {
        return write(ErrorBody.of(failure));
    }

    /**
     * Writes an error body with a string detail.
     *
     * @param detail the wire detail, such as {@code Not authenticated}
     * @return compact JSON: {@code {"detail":"Not authenticated"}}
     */
    public String errorJson(String detail) {
        return write(new ErrorBody(detail, List.of()));
    }

    /**
     * Reads a progress answer, of either shape.
     *
     * @param json a progress answer as {@link #toJson(Progress)} writes it
     * @return the answer
     * @throws IllegalArgumentException if the text is not a valid progress answer
     */
    public Progress readProgress(String json) {
        try {
            return mapper.readValue(json, Progress.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "invalid progress JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads the string {@code detail} of an error body.
     *
     * @param json an error body such as {@code {"detail":"No tracking ids provided"}}
     * @return the detail
     * @throws IllegalArgumentException if the text is not an error body with a string detail
     */
    public String readDetail(String json) {
        JsonNode detail = readTree(json).path("detail");
        if (!detail.isTextual()) {
            throw new IllegalArgumentException("error body has no string detail: " + json);
        }
        return detail.textValue();
    }

    /**
     * Reads the validation errors of a 422 error body.
     *
     * @param json an error body whose {@code detail} is a list
     * @return the errors
     * @throws IllegalArgumentException if the text is not an error body with a list detail
     */
    public List<ValidationError> readValidationErrors(String json) {
        JsonNode detail = readTree(json).path("detail");
        if (!detail.isArray()) {
            throw new IllegalArgumentException("error body has no list detail: " + json);
        }
        List<ValidationError> errors = new ArrayList<>();
        for (JsonNode error : detail) {
            List<String> location = new ArrayList<>();
            error.path("loc").forEach(part -> location.add(part.asText()));
            errors.add(
                    new ValidationError(
                            error.path("type").asText(),
                            location,
                            error.path("msg").asText(),
                            error.path("input").asText()));
        }
        return errors;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An error body: a string detail, or a list of validation errors when that list is not empty.
     */
    private record ErrorBody(String detail, List<ValidationError> errors) {

        static ErrorBody of(ProgressException failure) {
            if (failure instanceof QueryValidationException validation) {
                return new ErrorBody("", validation.errors());
            }
            return new ErrorBody(failure.detail(), List.of());
        }
    }

    private static final class BatchProcessSerializer extends StdSerializer<BatchProcessProgress> {
        private static final long serialVersionUID = 1L;

        BatchProcessSerializer() {
            super(BatchProcessProgress.class);
        }

        @Override
        public void serialize(
                BatchProcessProgress progress, JsonGenerator json, SerializerProvider p)
                throws IOException {
            json.writeStartObject();
            json.writeNumberField(Fields.N_STAGES, progress.nStages());
            json.writeNumberField(Fields.STAGE, progress.stage());
            json.writeNumberField(Fields.PROGRESS, progress.progress());
            json.writeBooleanField(Fields.FAILED, progress.failed());
            json.writeBooleanField(Fields.COMPLETE, progress.complete());
            json.writeNumberField(Fields.OVERALL_PROGRESS, progress.overallProgress());
            json.writeStringField(Fields.SKIP_REASON, progress.skipReason());
            json.writeEndObject();
        }
    }

    private static final class SupplyShedSerializer extends StdSerializer<SupplyShedProgress> {
        private static final long serialVersionUID = 1L;

        SupplyShedSerializer() {
            super(SupplyShedProgress.class);
        }

        @Override
        public void serialize(SupplyShedProgress progress, JsonGenerator json, SerializerProvider p)
                throws IOException {
            json.writeStartObject();
            json.writeBooleanField(Fields.COMPLETE, progress.complete());
            json.writeNumberField(Fields.TOTAL, progress.total());
            json.writeNumberField(Fields.UNGEOCODED, progress.ungeocoded());
            json.writeNumberField(Fields.FAILED_FACILITIES, progress.failed());
            json.writeNumberField(Fields.COMPLETED, progress.completed());
            json.writeNumberField(Fields.QUEUED, progress.queued());
            json.writeNumberField(Fields.PREPROCESSING, progress.preprocessing());
            json.writeNumberField(Fields.PROCESSING, progress.processing());
            json.writeStringField(Fields.SKIP_REASON, progress.skipReason());
            json.writeEndObject();
        }
    }

    private static final class ErrorBodySerializer extends StdSerializer<ErrorBody> {
        private static final long serialVersionUID = 1L;

        ErrorBodySerializer() {
            super(ErrorBody.class);
        }

        @Override
        public void serialize(ErrorBody body, JsonGenerator json, SerializerProvider p)
                throws IOException {
            json.writeStartObject();
            if (body.errors().isEmpty()) {
                json.writeStringField(Fields.DETAIL, body.detail());
            } else {
                json.writeArrayFieldStart(Fields.DETAIL);
                for (ValidationError error : body.errors()) {
                    json.writeStartObject();
                    json.writeStringField("type", error.type());
                    json.writeArrayFieldStart("loc");
                    for (String part : error.location()) {
                        json.writeString(part);
                    }
                    json.writeEndArray();
                    json.writeStringField("msg", error.message());
                    json.writeStringField("input", error.input());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    private static final class ProgressDeserializer extends StdDeserializer<Progress> {
        private static final long serialVersionUID = 1L;

        ProgressDeserializer() {
            super(Progress.class);
        }

        @Override
        public Progress deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            JsonNode node = parser.readValueAsTree();
            return Fields.read(node, context);
        }
    }
}
