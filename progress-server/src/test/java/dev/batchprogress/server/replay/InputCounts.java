package dev.batchprogress.server.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchprogress.server.data.InputFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Counts that tests expect from an input file, computed without the production parsers so that a
 * parser bug cannot hide in both the result and the expectation.
 */
final class InputCounts {

    private InputCounts() {}

    /**
     * Counts the stages of a trace: one for all categories of tasks without parents, plus one per
     * other category. The category is the task id without its {@code _ID0000001} suffix.
     */
    static int stageCount(InputFile trace) {
        JsonNode tasks;
        try {
            tasks =
                    new ObjectMapper()
                            .readTree(trace.content())
                            .at("/workflow/specification/tasks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> rootCategories = new HashSet<>();
        Set<String> otherCategories = new HashSet<>();
        for (JsonNode task : tasks) {
            String category = task.get("id").asText().replaceFirst("_ID\\d+$", "");
            if (task.get("parents").isEmpty()) {
                rootCategories.add(category);
            } else {
                otherCategories.add(category);
            }
        }
        otherCategories.removeAll(rootCategories);
        return 1 + otherCategories.size();
    }

    /** Counts the data rows of a facility CSV. */
    static int rowCount(InputFile facilities) {
        return (int) records(facilities).count();
    }

    /**
     * Counts the rows of a facility CSV whose latitude or longitude is missing, not a finite
     * number, or out of range.
     */
    static int ungeocodedCount(InputFile facilities) {
        return (int)
                records(facilities)
                        .filter(
                                row ->
                                        !within(row.get("Latitude"), 90)
                                                || !within(row.get("Longitude"), 180))
                        .count();
    }

    private static boolean within(String value, double limit) {
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        return Double.isFinite(number) && number >= -limit && number <= limit;
    }

    private static Stream<CSVRecord> records(InputFile facilities) {
        String text = new String(facilities.content(), StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            return parser.getRecords().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
