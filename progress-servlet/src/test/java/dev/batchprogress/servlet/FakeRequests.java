package dev.batchprogress.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Requests for authenticator unit tests, built as dynamic proxies: each answers only the methods an
 * authenticator calls and throws {@link UnsupportedOperationException} for the rest.
 */
final class FakeRequests {

    private FakeRequests() {}

    /** Returns a request with the given {@code Authorization} header values, in order. */
    static HttpServletRequest withAuthorization(String... values) {
        List<String> headers = List.of(values);
        return proxy(
                (method, args) ->
                        switch (method) {
                            case "getHeaders" ->
                                    isAuthorization(args[0])
                                            ? Collections.enumeration(headers)
                                            : Collections.emptyEnumeration();
                            case "getHeader" ->
                                    isAuthorization(args[0]) && !headers.isEmpty()
                                            ? headers.get(0)
                                            : null;
                            default -> throw new UnsupportedOperationException(method);
                        });
    }

    /** Returns a request of a user principal in the given container roles; null for no login. */
    static HttpServletRequest withPrincipal(String name, Set<String> roles) {
        Principal principal = () -> name;
        return proxy(
                (method, args) ->
                        switch (method) {
                            case "getUserPrincipal" -> name == null ? null : principal;
                            case "isUserInRole" -> name != null && roles.contains((String) args[0]);
                            default -> throw new UnsupportedOperationException(method);
                        });
    }

    private static boolean isAuthorization(Object headerName) {
        return "Authorization".equalsIgnoreCase((String) headerName);
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static HttpServletRequest proxy(Answer answer) {
        return (HttpServletRequest)
                Proxy.newProxyInstance(
                        HttpServletRequest.class.getClassLoader(),
                        new Class<?>[] {HttpServletRequest.class},
                        (self, method, args) -> {
                            if (method.getName().equals("toString")) {
                                return "fake request";
                            }
                            return answer.answer(
                                    method.getName(), args == null ? new Object[0] : args);
                        });
    }
}
