package dev.batchprogress.checks;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the string literals of a class file: the {@code CONSTANT_String} entries of its constant
 * pool (JVM specification, section 4.4). javac puts every string literal there, every compile-time
 * constant of another class that the code reads (those are copied, not referenced), and the recipes
 * of string concatenation.
 */
final class StringConstants {

    private static final int MAGIC = 0xCAFEBABE;

    private StringConstants() {}

    /**
     * Returns the string literals of a class file.
     *
     * @throws IOException if the bytes are not a class file
     */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file: the magic number is not 0xCAFEBABE");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> stringIndexes = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[index] = in.readUTF(); // Utf8: the same modified UTF-8 as readUTF
                case 8 -> stringIndexes.add(in.readUnsignedShort()); // String
                case 7, 16, 19, 20 -> in.readUnsignedShort(); // Class, MethodType, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    // Long and Double take two entries of the pool.
                    in.skipNBytes(8);
                    index++;
                }
                default ->
                        throw new IOException(
                                "unknown constant pool tag " + tag + " at entry " + index);
            }
        }
        Set<String> strings = new LinkedHashSet<>();
        for (int index : stringIndexes) {
            strings.add(utf8[index]);
        }
        return strings;
    }
}
