package dev.batchprogress.servlet;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import java.util.Locale;
import java.util.Set;

/** Callers, their bearer tokens and tracking ids shared by the servlet tests. */
final class Fixtures {

    static final String ACME = "acme";
    static final String GLOBEX = "globex";

    static final String READER_TOKEN = "acme-reader-7Hq2xZ";
    static final Caller READER = new Caller("reader@acme", ACME, Set.of(Permission.READ));

    static final String GLOBEX_TOKEN = "globex-reader-Pw9eLk";
    static final Caller GLOBEX_READER =
            new Caller("reader@globex", GLOBEX, Set.of(Permission.READ));

    static final String OPERATOR_TOKEN = "operator-Vb3sQm";
    static final Caller OPERATOR =
            new Caller(
                    "operator@acme",
                    ACME,
                    Set.of(Permission.READ, Permission.READ_ALL_ORGANIZATIONS));

    static final String NO_READ_TOKEN = "acme-auditor-Nc8tRd";
    static final Caller NO_READ = new Caller("auditor@acme", ACME, Set.of());

    private Fixtures() {}

    /** Returns the authenticator that knows the four tokens above. */
    static BearerTokenAuthenticator authenticator() {
        return BearerTokenAuthenticator.builder()
                .token(READER_TOKEN, READER)
                .token(GLOBEX_TOKEN, GLOBEX_READER)
                .token(OPERATOR_TOKEN, OPERATOR)
                .token(NO_READ_TOKEN, NO_READ)
                .build();
    }

    /** Returns the {@code Authorization} header line of a token. */
    static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    /** Returns the canonical tracking id numbered {@code n}: {@code 0x} and 64 hex digits. */
    static String id(long n) {
        return String.format(Locale.ROOT, "0x%064x", n);
    }
}
