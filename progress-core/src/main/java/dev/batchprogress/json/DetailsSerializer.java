package dev.batchprogress.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.batchprogress.details.BatchProcessDetails;
import dev.batchprogress.details.Eta;
import dev.batchprogress.details.FacilityCounts;
import dev.batchprogress.details.FlowDetails;
import dev.batchprogress.details.ProgressDetails;
import dev.batchprogress.details.RunDetails;
import dev.batchprogress.details.StageDetails;
import dev.batchprogress.details.SupplyShedDetails;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a breakdown in snake_case, in this field order:
 *
 * <pre>{@code
 * {"as_of":"2025-01-01T00:10:00Z","progress":{...},"runs":[
 *   {"tracking_id":"0x..","kind":"batch_process","pipeline":"batch_process",
 *    "registered_at":"..","changed_at":"..","elapsed_seconds":600,"progress":{...},
 *    "stages":[{"stage":1,"name":"start_batch_process","state":"succeeded",
 *               "tasks_total":10,"tasks_succeeded":10,"tasks_failed":0},...],
 *    "eta":{...}},
 *   {"tracking_id":"0x..","kind":"batch_supply_shed",...,"progress":{...},
 *    "facilities":{"total":100,"queued":5,"completed":60,"failed":7,"ungeocoded":5},
 *    "flows":[{"flow":1,"name":"start_batch_supply_shed","phase":"preprocessing",
 *              "facilities":3},...],
 *    "eta":{...}}]}
 * }</pre>
 *
 * <p>An estimate is {@code {"state":"estimated","method":"observed completion rate over a sliding
 * window","window_seconds":900,"observations":5,"earliest_seconds":120,"latest_seconds":300}}. The
 * earliest bound is rounded down and the latest up, so the printed range holds the computed one.
 * Both bounds are {@code null} while the state is {@code unknown}, the latest alone when the range
 * is open-ended, and both 0 once the state is {@code finished}. Times are UTC in ISO 8601, elapsed
 * time is rounded down to whole seconds, and enumerated values are lower case.
 */
final class DetailsSerializer extends StdSerializer<ProgressDetails> {
    private static final long serialVersionUID = 1L;

    DetailsSerializer() {
        super(ProgressDetails.class);
    }

    @Override
    public void serialize(ProgressDetails details, JsonGenerator json, SerializerProvider provider)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("as_of", details.asOf().toString());
        json.writeFieldName("progress");
        provider.defaultSerializeValue(details.progress(), json);
        json.writeArrayFieldStart("runs");
        for (RunDetails run : details.runs()) {
            writeRun(run, json, provider);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeRun(RunDetails run, JsonGenerator json, SerializerProvider provider)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("tracking_id", run.trackingId().value());
        json.writeStringField("kind", lowerCase(run.kind()));
        json.writeStringField("pipeline", run.pipeline());
        json.writeStringField("registered_at", run.registeredAt().toString());
        json.writeStringField("changed_at", run.changedAt().toString());
        json.writeNumberField("elapsed_seconds", run.elapsed().toSeconds());
        json.writeFieldName("progress");
        provider.defaultSerializeValue(run.progress(), json);
        if (run instanceof BatchProcessDetails batchProcess) {
            writeStages(batchProcess, json);
        } else {
            SupplyShedDetails supplyShed = (SupplyShedDetails) run;
            writeFacilities(supplyShed.facilities(), json);
            writeFlows(supplyShed, json);
        }
        writeEta(run.eta(), json);
        json.writeEndObject();
    }

    private static void writeStages(BatchProcessDetails run, JsonGenerator json)
            throws IOException {
        json.writeArrayFieldStart("stages");
        for (StageDetails stage : run.stages()) {
            json.writeStartObject();
            json.writeNumberField("stage", stage.number());
            json.writeStringField("name", stage.name());
            json.writeStringField("state", lowerCase(stage.status()));
            json.writeNumberField("tasks_total", stage.total());
            json.writeNumberField("tasks_succeeded", stage.succeeded());
            json.writeNumberField("tasks_failed", stage.failed());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeFacilities(FacilityCounts facilities, JsonGenerator json)
            throws IOException {
        json.writeObjectFieldStart("facilities");
        json.writeNumberField("total", facilities.total());
        json.writeNumberField("queued", facilities.queued());
        json.writeNumberField("completed", facilities.completed());
        json.writeNumberField("failed", facilities.failed());
        json.writeNumberField("ungeocoded", facilities.ungeocoded());
        json.writeEndObject();
    }

    private static void writeFlows(SupplyShedDetails run, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart("flows");
        for (FlowDetails flow : run.flows()) {
            json.writeStartObject();
            json.writeNumberField("flow", flow.number());
            json.writeStringField("name", flow.name());
            json.writeStringField("phase", lowerCase(flow.phase()));
            json.writeNumberField("facilities", flow.facilities());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeEta(Eta eta, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("eta");
        json.writeStringField("state", lowerCase(eta.state()));
        json.writeStringField("method", eta.method());
        json.writeNumberField("window_seconds", eta.window().toSeconds());
        json.writeNumberField("observations", eta.observations());
        writeSeconds("earliest_seconds", eta.earliest(), false, json);
        writeSeconds("latest_seconds", eta.latest(), true, json);
        json.writeEndObject();
    }

    private static void writeSeconds(
            String name, @Nullable Duration duration, boolean roundUp, JsonGenerator json)
            throws IOException {
        if (duration == null) {
            json.writeNullField(name);
            return;
        }
        long seconds = duration.toSeconds();
        if (roundUp && duration.toNanosPart() > 0) {
            seconds++;
        }
        json.writeNumberField(name, seconds);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
