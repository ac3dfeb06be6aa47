package dev.batchprogress.server.serve;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL database that keeps the run state, and the credentials to connect to it.
 *
 * @param url the JDBC URL, such as {@code jdbc:postgresql://127.0.0.1:5432/test}; its {@code
 *     currentSchema} parameter picks the schema
 * @param user the user name, or null for the driver's default
 * @param password the password, or null for none; never shown by {@link #toString()}
 */
public record DatabaseSettings(String url, @Nullable String user, @Nullable String password) {

    /** A {@code password=...} parameter of a JDBC URL, whose value ends at {@code &} or the end. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    /** The user info of a URL, such as {@code user:secret@} in {@code //user:secret@host}. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the URL does not start with {@code jdbc:postgresql:}
     */
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "JDBC URL '"
                            + redact(url)
                            + "' is not a PostgreSQL URL; expected"
                            + " jdbc:postgresql://HOST:PORT/DATABASE, such as"
                            + " jdbc:postgresql://127.0.0.1:5432/test");
        }
    }

    /** Returns the URL with any password or user info in it masked, for messages and logs. */
    public String redactedUrl() {
        return redact(url);
    }

    private static String redact(String url) {
        String withoutUserInfo = USER_INFO.matcher(url).replaceFirst("//***@");
        return PASSWORD_PARAMETER.matcher(withoutUserInfo).replaceAll("$1***");
    }

    /** Returns the redacted URL and the user, and never the password. */
    @Override
    public String toString() {
        return "DatabaseSettings["
                + redactedUrl()
                + " as "
                + (user == null ? "default user" : user)
                + "]";
    }
}
