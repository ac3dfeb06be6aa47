package dev.batchprogress.servlet;

import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Identifies the caller of a request from its credentials.
 *
 * <p>{@link BatchProgressServlet} calls the authenticator once per request, after the path and the
 * method are checked and before the query is read. An empty result gets the response 401 {@code Not
 * authenticated}. A caller without {@link Permission#READ} gets 403 {@code Insufficient
 * permissions} from the tracker. Implementations must be thread-safe.
 *
 * <p>Two implementations ship with the servlet: {@link BearerTokenAuthenticator} for a table of
 * bearer tokens, and {@link ContainerAuthenticator} for the servlet container's own login.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Authenticates a request.
     *
     * <p>Missing, malformed or unknown credentials are an empty result, never an exception. An
     * exception thrown here is treated as a server fault: the servlet logs it and responds with 500
     * {@code Internal server error}.
     *
     * @param request the request, whose body must not be read
     * @return the caller, or empty when the request carries no valid credentials
     */
    Optional<Caller> authenticate(HttpServletRequest request);
}
