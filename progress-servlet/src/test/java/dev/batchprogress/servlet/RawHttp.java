package dev.batchprogress.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal HTTP/1.1 client on a raw socket to 127.0.0.1, for requests that {@link
 * java.net.http.HttpClient} and {@link java.net.URI} reject: broken {@code %} escapes, bytes that
 * are not UTF-8, raw brackets in the query. It sends {@code Connection: close} and reads until the
 * server closes, so it also shows whether a HEAD response carries body bytes.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {}

    /**
     * Sends one request and returns the whole response.
     *
     * @param port the server's port on 127.0.0.1
     * @param method the request method
     * @param target the request target as bytes, sent unchanged, such as {@code /batch_progress?x}
     * @param headers extra header lines without line ends, such as {@code Authorization: Bearer t}
     */
    static Response send(int port, String method, byte[] target, String... headers) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(target);
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            return Response.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request whose target is ASCII text. */
    static Response send(int port, String method, String target, String... headers) {
        return send(port, method, target.getBytes(StandardCharsets.ISO_8859_1), headers);
    }

    /** A parsed HTTP/1.1 response: status, header lines in order, and the body bytes as sent. */
    static final class Response {

        private final String raw;
        private final int status;
        private final List<Map.Entry<String, String>> headers;
        private final byte[] body;

        private Response(
                String raw, int status, List<Map.Entry<String, String>> headers, byte[] body) {
            this.raw = raw;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        static Response parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("response has no end of headers: " + text);
            }
            List<String> lines = text.substring(0, end).lines().toList();
            String statusLine = lines.get(0);
            int firstSpace = statusLine.indexOf(' ');
            int status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
            byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
            return new Response(text, status, List.copyOf(headers), body);
        }

        /** Returns the response as received, decoded as ISO-8859-1. */
        String raw() {
            return raw;
        }

        int status() {
            return status;
        }

        /** Returns the header lines in the order received. */
        List<Map.Entry<String, String>> headers() {
            return headers;
        }

        byte[] body() {
            return body.clone();
        }

        /** Returns the value of the only header of a name, compared case-insensitively. */
        Optional<String> header(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values.add(header.getValue());
                }
            }
            if (values.size() > 1) {
                throw new IllegalStateException("header " + name + " is sent twice: " + raw);
            }
            return values.stream().findFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
