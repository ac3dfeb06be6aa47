package dev.batchprogress.server.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tokens file: UTF-8 text with one {@link TokenGrant} per line in the form {@value
 * TokenGrant#FORM}. Blank lines and lines that start with {@code #} are ignored.
 *
 * <pre>
 * # token=subject,organization,permissions
 * 9f2c6b1e4d=dashboard,acme,batch_progress:read
 * 0a7d33c5e8=auditor,acme,batch_progress:read,batch_progress:read_all_organizations
 * </pre>
 */
public final class TokensFile {

    private TokensFile() {}

    /**
     * Reads the grants of a file.
     *
     * @param file the file
     * @return the grants in the order of the file, at least one
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a line is not a valid entry or the file has none. The
     *     message names the file and the line number, and never a token.
     */
    public static List<TokenGrant> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<TokenGrant> grants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                grants.add(TokenGrant.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "tokens file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (grants.isEmpty()) {
            throw new IllegalArgumentException(
                    "tokens file "
                            + file
                            + " has no token; expected one line "
                            + TokenGrant.FORM
                            + " per token");
        }
        return grants;
    }
}
