package dev.batchprogress;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Fresh SHA-256 digests for entity tags and token digests.
 *
 * <p>Cloning a prototype skips the provider lookup of {@link MessageDigest#getInstance(String)},
 * which costs about as much as hashing a token or a tag's input.
 */
public final class Sha256 {

    /** Never used to hash: only cloned, so that threads never share its state. */
    private static final MessageDigest PROTOTYPE = instance();

    private Sha256() {}

    /**
     * Returns a new digest, owned by the caller.
     *
     * @return a SHA-256 digest in its initial state
     */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return instance();
        }
    }

    private static MessageDigest instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
