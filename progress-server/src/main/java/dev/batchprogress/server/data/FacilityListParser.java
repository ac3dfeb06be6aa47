package dev.batchprogress.server.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jspecify.annotations.Nullable;

/**
 * Reads a facility list: a UTF-8 CSV file with a header row, one facility per data row, in the
 * column layout of the Global Power Plant Database's per-country files.
 *
 * <p>Columns are found by their header names, ignoring case. {@value #LATITUDE} and {@value
 * #LONGITUDE} are required. {@value #ID}, {@value #FUEL} and {@value #CAPACITY} are read when
 * present. A row is geocoded when both coordinates are decimal numbers, the latitude in [-90, 90]
 * and the longitude in [-180, 180]. An empty or non-numeric value, {@code NaN}, an infinite value
 * or one out of range makes the row ungeocoded. Rows that share an id are still separate
 * facilities.
 */
public final class FacilityListParser {

    /** The header of the latitude column, in decimal degrees. */
    public static final String LATITUDE = "Latitude";

    /** The header of the longitude column, in decimal degrees. */
    public static final String LONGITUDE = "Longitude";

    /** The header of the optional facility id column. */
    public static final String ID = "Power Plant ID";

    /** The header of the optional facility type column. */
    public static final String FUEL = "Fuel";

    /** The header of the optional capacity column, in MW. */
    public static final String CAPACITY = "Capacity (MW)";

    private static final double MAX_LATITUDE = 90;
    private static final double MAX_LONGITUDE = 180;

    /**
     * A plain decimal number with an optional sign and exponent. {@link Double#parseDouble} alone
     * would also accept {@code NaN}, {@code Infinity}, hex floats and a trailing {@code d} or
     * {@code f}, none of which is a coordinate.
     */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreHeaderCase(true)
                    .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
                    .get();

    private FacilityListParser() {}

    /**
     * Parses and validates a facility list.
     *
     * @param file the CSV file
     * @return the facilities, one per data row, in the order of the file
     * @throws InvalidInputException if the file is not UTF-8 or not well-formed CSV, a required
     *     column is missing, or a row has another number of fields than the header
     */
    public static FacilityList parse(InputFile file) {
        CSVParser parser = open(file);
        try (parser) {
            List<String> headers = parser.getHeaderNames();
            requireColumn(file, parser, LATITUDE);
            requireColumn(file, parser, LONGITUDE);

            List<Facility> facilities = new ArrayList<>();
            for (CSVRecord record : parser) {
                int row = facilities.size() + 1;
                if (!record.isConsistent()) {
                    throw new InvalidInputException(
                            file.name(),
                            "data row "
                                    + row
                                    + " has "
                                    + record.size()
                                    + " fields; expected "
                                    + headers.size()
                                    + " as in the header row");
                }
                facilities.add(facility(record, row));
            }
            return new FacilityList(file.name(), facilities);
        } catch (UncheckedIOException | IOException e) {
            throw invalidCsv(file, e);
        }
    }

    /**
     * Returns whether a pair of coordinate values locates a place.
     *
     * @param latitude the latitude as written, in decimal degrees
     * @param longitude the longitude as written, in decimal degrees
     * @return {@code true} when both are decimal numbers, the latitude in [-90, 90] and the
     *     longitude in [-180, 180]
     */
    public static boolean isGeocoded(String latitude, String longitude) {
        return isWithin(number(latitude), MAX_LATITUDE)
                && isWithin(number(longitude), MAX_LONGITUDE);
    }

    private static Facility facility(CSVRecord record, int row) {
        String latitude = record.get(LATITUDE);
        String longitude = record.get(LONGITUDE);
        Double capacity = number(optional(record, CAPACITY));
        return new Facility(
                row,
                optional(record, ID),
                optional(record, FUEL),
                capacity == null || capacity < 0 ? null : capacity,
                isGeocoded(latitude, longitude));
    }

    /** Decodes the file and reads its header row. */
    private static CSVParser open(InputFile file) {
        try {
            return CSVParser.parse(decode(file), FORMAT);
        } catch (IOException | UncheckedIOException e) {
            throw invalidCsv(file, e);
        } catch (IllegalArgumentException e) {
            // commons-csv raises this for a header row that names a column twice.
            throw new InvalidInputException(
                    file.name(), "invalid header row: " + e.getMessage(), e);
        }
    }

    private static InvalidInputException invalidCsv(InputFile file, Exception e) {
        return new InvalidInputException(
                file.name(), "invalid CSV: " + e.getMessage() + "; expected RFC 4180 CSV", e);
    }

    private static String decode(InputFile file) {
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(file.content()))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(
                    file.name(), "the file is not valid UTF-8; expected UTF-8 text", e);
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static void requireColumn(InputFile file, CSVParser parser, String column) {
        if (!parser.getHeaderMap().containsKey(column)) {
            throw new InvalidInputException(
                    file.name(),
                    "missing column '"
                            + column
                            + "' in the header row "
                            + parser.getHeaderNames()
                            + "; expected a facility list with '"
                            + LATITUDE
                            + "' and '"
                            + LONGITUDE
                            + "' columns");
        }
    }

    private static String optional(CSVRecord record, String column) {
        return record.isMapped(column) ? record.get(column).strip() : "";
    }

    private static @Nullable Double number(String value) {
        String stripped = value.strip();
        return DECIMAL.matcher(stripped).matches() ? Double.valueOf(stripped) : null;
    }

    private static boolean isWithin(@Nullable Double value, double limit) {
        return value != null && Math.abs(value) <= limit;
    }
}
