package dev.batchprogress.json;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchprogress.model.BatchProcessProgress;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.SupplyShedProgress;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The wire field names, in the reference's order, and how an answer is read back from them. */
final class Fields {

    static final String N_STAGES = "n_stages";
    static final String STAGE = "stage";
    static final String PROGRESS = "progress";
    static final String FAILED = "failed";
    static final String COMPLETE = "complete";
    static final String OVERALL_PROGRESS = "overall_progress";
    static final String SKIP_REASON = "skip_reason";
    static final String TOTAL = "total_number_of_facilities";
    static final String UNGEOCODED = "total_number_of_ungeocoded_facilities";
    static final String FAILED_FACILITIES = "total_number_of_facilities_failed";
    static final String COMPLETED = "total_number_of_facilities_completed";
    static final String QUEUED = "total_number_of_facilities_queued";
    static final String PREPROCESSING = "total_number_of_facilities_preprocessing";
    static final String PROCESSING = "total_number_of_facilities_processing";
    static final String DETAIL = "detail";

    static final List<String> BATCH_PROCESS =
            List.of(N_STAGES, STAGE, PROGRESS, FAILED, COMPLETE, OVERALL_PROGRESS, SKIP_REASON);
    static final List<String> SUPPLY_SHED =
            List.of(
                    COMPLETE,
                    TOTAL,
                    UNGEOCODED,
                    FAILED_FACILITIES,
                    COMPLETED,
                    QUEUED,
                    PREPROCESSING,
                    PROCESSING,
                    SKIP_REASON);

    private Fields() {}

    /**
     * Reads an answer of either shape: one with {@code n_stages} is a batch process. Every field of
     * the shape must be present ({@code skip_reason} may be left out) and no other.
     */
    static Progress read(JsonNode node, DeserializationContext context)
            throws JsonMappingException {
        if (!node.isObject()) {
            throw JsonMappingException.from(
                    context, "expected a JSON object, got " + node.getNodeType());
        }
        boolean batchProcess = node.has(N_STAGES);
        checkFieldNames(node, batchProcess ? BATCH_PROCESS : SUPPLY_SHED, context);
        String skipReason = skipReason(node, context);
        try {
            if (batchProcess) {
                return new BatchProcessProgress(
                        integer(node, N_STAGES, context),
                        integer(node, STAGE, context),
                        integer(node, PROGRESS, context),
                        bool(node, FAILED, context),
                        bool(node, COMPLETE, context),
                        integer(node, OVERALL_PROGRESS, context),
                        skipReason);
            }
            return new SupplyShedProgress(
                    bool(node, COMPLETE, context),
                    count(node, TOTAL, context),
                    count(node, UNGEOCODED, context),
                    count(node, FAILED_FACILITIES, context),
                    count(node, COMPLETED, context),
                    count(node, QUEUED, context),
                    count(node, PREPROCESSING, context),
                    count(node, PROCESSING, context),
                    skipReason);
        } catch (IllegalArgumentException invalid) {
            throw JsonMappingException.from(context, invalid.getMessage(), invalid);
        }
    }

    private static void checkFieldNames(
            JsonNode node, List<String> expected, DeserializationContext context)
            throws JsonMappingException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw JsonMappingException.from(
                        context, "unknown field '" + name + "'; expected only " + expected);
            }
        }
        for (String name : expected) {
            if (!name.equals(SKIP_REASON) && !node.has(name)) {
                throw JsonMappingException.from(context, "missing field '" + name + "'");
            }
        }
    }

    private static @Nullable String skipReason(JsonNode node, DeserializationContext context)
            throws JsonMappingException {
        JsonNode value = node.get(SKIP_REASON);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw JsonMappingException.from(context, "field 'skip_reason' is not a string or null");
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String name, DeserializationContext context)
            throws JsonMappingException {
        JsonNode value = node.get(name);
        if (value == null || !value.isInt()) {
            throw JsonMappingException.from(
                    context, "field '" + name + "' is not a 32-bit integer");
        }
        return value.intValue();
    }

    private static long count(JsonNode node, String name, DeserializationContext context)
            throws JsonMappingException {
        JsonNode value = node.get(name);
        if (value == null || !(value.isInt() || value.isLong())) {
            throw JsonMappingException.from(
                    context, "field '" + name + "' is not a 64-bit integer");
        }
        return value.longValue();
    }

    private static boolean bool(JsonNode node, String name, DeserializationContext context)
            throws JsonMappingException {
        JsonNode value = node.get(name);
        if (value == null || !value.isBoolean()) {
            throw JsonMappingException.from(context, "field '" + name + "' is not a boolean");
        }
        return value.booleanValue();
    }
}
