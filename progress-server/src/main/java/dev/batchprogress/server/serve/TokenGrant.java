package dev.batchprogress.server.serve;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.servlet.BearerTokenAuthenticator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bearer token and the caller who presents it.
 *
 * <p>The text form, used by {@code --token} and by each line of a tokens file, is {@code
 * TOKEN=SUBJECT,ORGANIZATION,PERMISSION[,PERMISSION...]}, such as {@code
 * s3cret=alice,acme,batch_progress:read}. The token ends at the last {@code =} of the first run of
 * {@code =} characters, so a base64 token with padding, such as {@code c2VjcmV0==}, keeps it.
 * Spaces around the subject, the organization and each permission are ignored.
 *
 * <p>Neither {@link #toString()} nor any exception message contains the token.
 *
 * @param token the secret, with the {@code token68} syntax of RFC 7235
 * @param caller who presents the token
 */
public record TokenGrant(String token, Caller caller) {

    /** The form of an entry, for messages. */
    public static final String FORM = "TOKEN=SUBJECT,ORGANIZATION,PERMISSION[,PERMISSION...]";

    private static final String EXAMPLE = "s3cret=alice,acme,batch_progress:read";
    private static final int DEMO_TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Validates the components. */
    public TokenGrant {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(caller, "caller");
    }

    /**
     * Parses an entry of the form {@value #FORM}.
     *
     * @param entry the entry
     * @return the grant
     * @throws IllegalArgumentException if the entry has no {@code =}, a blank subject or
     *     organization, no permission, or an unknown permission; the message names the subject and
     *     the bad part, never the token
     */
    public static TokenGrant parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        int separator = entry.indexOf('=');
        if (separator <= 0) {
            throw new IllegalArgumentException(
                    "token entry has no TOKEN= part (the entry is not shown, because it may be a"
                            + " secret); expected "
                            + FORM
                            + ", such as "
                            + EXAMPLE);
        }
        while (separator + 1 < entry.length() && entry.charAt(separator + 1) == '=') {
            separator++;
        }
        String token = entry.substring(0, separator).strip();
        List<String> fields = List.of(entry.substring(separator + 1).split(",", -1));

        String subject = fields.get(0).strip();
        if (subject.isEmpty()) {
            throw new IllegalArgumentException(
                    "token entry has a blank subject; expected " + FORM + ", such as " + EXAMPLE);
        }
        if (fields.size() < 3) {
            throw new IllegalArgumentException(
                    "token entry of subject '"
                            + subject
                            + "' has "
                            + (fields.size() < 2 ? "no organization and " : "")
                            + "no permission; expected "
                            + FORM
                            + ", such as "
                            + EXAMPLE);
        }
        String organization = fields.get(1).strip();
        if (organization.isEmpty()) {
            throw new IllegalArgumentException(
                    "token entry of subject '"
                            + subject
                            + "' has a blank organization; expected "
                            + FORM);
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String field : fields.subList(2, fields.size())) {
            permissions.add(permission(field.strip(), subject));
        }
        return new TokenGrant(token, new Caller(subject, organization, permissions));
    }

    private static Permission permission(String scope, String subject) {
        Optional<Permission> permission = Permission.fromScope(scope);
        if (permission.isEmpty()) {
            throw new IllegalArgumentException(
                    "permission '"
                            + scope
                            + "' of subject '"
                            + subject
                            + "' is unknown; expected "
                            + Permission.READ.scope()
                            + " or "
                            + Permission.READ_ALL_ORGANIZATIONS.scope());
        }
        return permission.get();
    }

    /**
     * Returns a new demo grant: a random token of 32 bytes in base64url, for subject {@code demo}
     * of an organization, with {@link Permission#READ} only.
     *
     * @param organization the organization whose runs the token may read
     * @return the grant
     */
    public static TokenGrant demo(String organization) {
        byte[] bytes = new byte[DEMO_TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new TokenGrant(token, new Caller("demo", organization, Set.of(Permission.READ)));
    }

    /**
     * Returns an authenticator that accepts exactly these tokens.
     *
     * @param grants the tokens and their callers
     * @return the authenticator
     * @throws IllegalArgumentException if a token is not {@code token68} or two grants have the
     *     same token; the message names the subject, never the token
     */
    public static BearerTokenAuthenticator authenticator(List<TokenGrant> grants) {
        BearerTokenAuthenticator.Builder builder = BearerTokenAuthenticator.builder();
        for (TokenGrant grant : grants) {
            builder.token(grant.token(), grant.caller());
        }
        return builder.build();
    }

    /** Returns the caller and its permissions, and never the token. */
    @Override
    public String toString() {
        return "TokenGrant[subject "
                + caller.subject()
                + ", organization "
                + caller.organization()
                + ", permissions "
                + caller.permissions()
                + "]";
    }
}
