package dev.batchprogress.server.data;

import dev.batchprogress.model.TrackingId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** The name and the exact bytes of a file to replay. */
public final class InputFile {

    private final String name;
    private final byte[] content;

    private InputFile(String name, byte[] content) {
        this.name = name;
        this.content = content;
    }

    /**
     * Returns an input file with the given name and content.
     *
     * @param name the name that messages use for the file, such as {@code Russia.csv}
     * @param content the file's bytes; the array is copied
     * @return the input file
     * @throws IllegalArgumentException if the name is blank
     */
    public static InputFile of(String name, byte[] content) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        if (name.isBlank()) {
            throw new IllegalArgumentException("input file name is blank; expected a file name");
        }
        return new InputFile(name, content.clone());
    }

    /**
     * Reads a file from disk, named by its file name without the directories.
     *
     * @param path the file to read
     * @return the input file
     * @throws IOException if the file cannot be read
     */
    public static InputFile read(Path path) throws IOException {
        Path fileName = path.getFileName();
        String name = fileName == null ? path.toString() : fileName.toString();
        return new InputFile(name, Files.readAllBytes(path));
    }

    /** Returns the name that messages use for the file. */
    public String name() {
        return name;
    }

    /** Returns a copy of the file's bytes. */
    public byte[] content() {
        return content.clone();
    }

    /**
     * Computes the file's content hash, which a run records as its filename: {@code 0x} followed by
     * the 64 lower-case hex digits of the SHA-256 of the bytes.
     *
     * @return the content hash, a canonical id
     */
    public TrackingId contentHash() {
        return TrackingId.of("0x" + sha256Hex(content));
    }

    /**
     * Computes the SHA-256 of some bytes.
     *
     * @param bytes the bytes to hash
     * @return the 64 lower-case hex digits of the digest
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc, Java SE 17).
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + content.length + " bytes)";
    }
}
