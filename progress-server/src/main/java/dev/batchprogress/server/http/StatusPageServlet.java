package dev.batchprogress.server.http;

import dev.batchprogress.Details;
import dev.batchprogress.json.ProgressJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serves the status page at {@value #PAGE_PATH}: an HTML page, its script, style sheet and icon,
 * read once from the jar. The page follows runs through {@code /batch_progress/stream} in the
 * browser.
 *
 * <p>Every file is sent with its exact content type, {@code Cache-Control: no-cache} and a strong
 * {@code ETag}, so a browser revalidates and gets 304 while the jar is unchanged. Every response
 * carries a Content-Security-Policy that allows scripts, styles and connections only from this
 * origin and no inline script or style. Another path under {@value #PAGE_PATH}/ gets 404, and a
 * method other than GET or HEAD gets 405, both with the JSON body of the wire contract.
 */
final class StatusPageServlet extends HttpServlet {

    /** The path of the page; its script and style sheet are below it. */
    static final String PAGE_PATH = "/status";

    /** The servlet mappings: the page itself and every path below it. */
    static final String[] URL_PATTERNS = {PAGE_PATH, PAGE_PATH + "/*"};

    /** The policy of every response: only this origin, no inline code, no framing. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
                    + " img-src 'self'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'";

    static final String CACHE_CONTROL = "no-cache";

    @Serial private static final long serialVersionUID = 1L;

    private static final String RESOURCE_FOLDER = "/dev/batchprogress/server/http/status/";

    private static final ProgressJson JSON = ProgressJson.create();

    // Built from the jar at construction; a servlet is never serialized here.
    private final transient Map<String, StaticFile> files;

    StatusPageServlet() {
        files =
                Map.of(
                        "",
                        StaticFile.load("index.html", "text/html; charset=utf-8"),
                        "/",
                        StaticFile.load("index.html", "text/html; charset=utf-8"),
                        "/status.js",
                        StaticFile.load("status.js", "text/javascript; charset=utf-8"),
                        "/status.css",
                        StaticFile.load("status.css", "text/css; charset=utf-8"),
                        "/favicon.svg",
                        StaticFile.load("favicon.svg", "image/svg+xml"));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            sendError(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, false);
            return;
        }
        String pathInfo = request.getPathInfo();
        StaticFile file = files.get(pathInfo == null ? "" : pathInfo);
        if (file == null) {
            sendError(response, HttpServletResponse.SC_NOT_FOUND, head);
            return;
        }
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("ETag", file.entityTag());
        if (file.matches(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(file.contentType());
        response.setContentLength(file.content().length);
        if (!head) {
            response.getOutputStream().write(file.content());
        }
    }

    private static void sendError(HttpServletResponse response, int status, boolean head)
            throws IOException {
        String detail =
                status == HttpServletResponse.SC_NOT_FOUND
                        ? Details.NOT_FOUND
                        : Details.METHOD_NOT_ALLOWED;
        byte[] body = JSON.errorJson(detail).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", JsonErrors.CACHE_CONTROL);
        response.setContentType(JsonErrors.CONTENT_TYPE);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    /** A file of the page with its content type and a strong entity tag of its bytes. */
    private static final class StaticFile {

        private final byte[] content;
        private final String contentType;
        private final String entityTag;

        private StaticFile(byte[] content, String contentType) {
            this.content = content;
            this.contentType = contentType;
            this.entityTag = entityTag(content);
        }

        static StaticFile load(String name, String contentType) {
            String resource = RESOURCE_FOLDER + name;
            byte[] content;
            try (InputStream in = StatusPageServlet.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "resource " + resource + " is missing from the jar");
                }
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + resource, e);
            }
            return new StaticFile(content, contentType);
        }

        private static String entityTag(byte[] content) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
                return "\""
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(Arrays.copyOf(digest, 16))
                        + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        byte[] content() {
            return content;
        }

        String contentType() {
            return contentType;
        }

        String entityTag() {
            return entityTag;
        }

        /** Returns whether an {@code If-None-Match} value names this file's tag or {@code *}. */
        boolean matches(@Nullable String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String candidate : ifNoneMatch.split(",", -1)) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(entityTag)) {
                    return true;
                }
            }
            return false;
        }
    }
}
