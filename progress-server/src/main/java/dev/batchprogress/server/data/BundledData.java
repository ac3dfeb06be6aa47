package dev.batchprogress.server.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The data files inside the server jar, which a replay uses when it is given no files: two
 * WfCommons workflow traces and two facility lists of the Global Power Plant Database. The README
 * next to them gives their origin, license and SHA-256.
 */
public final class BundledData {

    /** The bundled workflow traces, one batch process run each. */
    public static final List<String> TRACE_NAMES =
            List.of(
                    "1000genome-chameleon-4ch-250k-001.json",
                    "montage-chameleon-2mass-01d-001.json");

    /** The bundled facility lists, one supply shed run each. */
    public static final List<String> FACILITY_LIST_NAMES = List.of("Indonesia.csv", "Russia.csv");

    private BundledData() {}

    /**
     * Reads the bundled workflow traces.
     *
     * @return the traces, in the order of {@link #TRACE_NAMES}
     * @throws UncheckedIOException if a file is missing from the class path
     */
    public static List<InputFile> traces() {
        return TRACE_NAMES.stream().map(BundledData::read).toList();
    }

    /**
     * Reads the bundled facility lists.
     *
     * @return the facility lists, in the order of {@link #FACILITY_LIST_NAMES}
     * @throws UncheckedIOException if a file is missing from the class path
     */
    public static List<InputFile> facilityLists() {
        return FACILITY_LIST_NAMES.stream().map(BundledData::read).toList();
    }

    /**
     * Reads one bundled file by name.
     *
     * @param name a name from {@link #TRACE_NAMES} or {@link #FACILITY_LIST_NAMES}
     * @return the file
     * @throws UncheckedIOException if no bundled file has that name
     */
    public static InputFile read(String name) {
        try (InputStream in = BundledData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(
                        new IOException(
                                "bundled file '"
                                        + name
                                        + "' is missing from the class path; expected it in"
                                        + " dev/batchprogress/server/data/"));
            }
            return InputFile.of(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled file '" + name + "'", e);
        }
    }
}
