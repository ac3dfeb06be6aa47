package dev.batchprogress.jmh;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.TrackingId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the heap taken per facility: a supply shed run of {@link InMemoryRunStore} against one
 * {@link FacilityRecord} object per facility in an array, as an orchestrator without this library
 * keeps them.
 *
 * <p>JOL walks each object graph and adds up the sizes of the objects it reaches. The run's share
 * is the size of a store holding the run less the size of an empty store, so it includes the run's
 * registration, stripes, locks and counters, and its one byte per facility. The facilities are
 * spread over every state by a seeded random first, though neither layout grows with a change of
 * state. Expected: at most 2 bytes per facility for the run, about 20 for the objects.
 */
public final class FacilityFootprint {

    private static final long SEED = 20_240_605L;

    private FacilityFootprint() {}

    /**
     * The bytes per facility of both layouts.
     *
     * @param facilities the number of facilities of the run
     * @param storeBytes the store's size with the run, less an empty store's
     * @param objectBytes the size of the array of facility objects and the objects
     */
    public record Result(int facilities, long storeBytes, long objectBytes) {

        /** Returns the run's bytes per facility. */
        public double storeBytesPerFacility() {
            return (double) storeBytes / facilities;
        }

        /** Returns the facility objects' bytes per facility. */
        public double objectBytesPerFacility() {
            return (double) objectBytes / facilities;
        }

        /** Returns the result as a JSON object, for the report writer. */
        public String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"facilities\":%d,\"storeBytes\":%d,\"objectBytes\":%d,\"vm\":\"%s\"}",
                    facilities,
                    storeBytes,
                    objectBytes,
                    System.getProperty("java.vm.version"));
        }
    }

    /**
     * Measures both layouts for a run of the given size.
     *
     * @param facilities the number of facilities, at least 1
     * @return the sizes
     */
    public static Result measure(int facilities) {
        if (facilities < 1) {
            throw new IllegalArgumentException(
                    "facility count " + facilities + " is invalid; expected at least 1");
        }
        byte[] codes = SupplyShedFixture.spreadStates(facilities, SEED);
        InMemoryRunStore empty = InMemoryRunStore.create();
        InMemoryRunStore store = InMemoryRunStore.create();
        TrackingId run = SupplyShedFixture.register(store, 1, facilities);
        SupplyShedFixture.drive(store, run, codes);
        long storeBytes =
                GraphLayout.parseInstance(store).totalSize()
                        - GraphLayout.parseInstance(empty).totalSize();
        long objectBytes =
                GraphLayout.parseInstance((Object) SupplyShedFixture.records(codes)).totalSize();
        return new Result(facilities, storeBytes, objectBytes);
    }

    /**
     * Measures a run of 10^6 facilities, or of the size given as the second argument, and writes
     * the result as JSON to the file named by the first argument.
     *
     * @param args the output file, then optionally the number of facilities
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FacilityFootprint OUTPUT_JSON [FACILITIES]");
            System.exit(2);
        }
        int facilities = args.length == 2 ? Integer.parseInt(args[1]) : 1_000_000;
        Result result = measure(facilities);
        Files.writeString(Path.of(args[0]), result.toJson() + "\n", StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "%d facilities: run %.3f bytes per facility, objects %.3f%n",
                facilities,
                result.storeBytesPerFacility(),
                result.objectBytesPerFacility());
    }
}
