package dev.batchprogress.server.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP/1.1 client on a raw socket to 127.0.0.1, for requests that {@link
 * java.net.http.HttpClient} refuses to send: malformed request lines and headers, and requests the
 * server rejects before reading them whole. It reads until the server closes the connection.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RawHttp() {}

    /**
     * Sends bytes as they are and returns the response. A server that rejects a request early may
     * close the connection while the request is still being written, and the response it sent
     * before is still read.
     */
    static Response exchange(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server closed the connection early, and its response is read below.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    response.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (response.size() == 0) {
                    throw e;
                }
                // A reset after the response: the server closed without reading the rest.
            }
            return Response.parse(response.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a GET request with a target, extra header lines and {@code Connection: close}. */
    static Response get(int port, String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
        request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return exchange(port, request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A response: status line, header lines and body, as received. */
    record Response(String raw, int status, List<String> headerLines, String body) {

        static Response parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IllegalStateException("response has no end of headers: " + raw);
            }
            List<String> lines = raw.substring(0, end).lines().toList();
            int status = Integer.parseInt(lines.get(0).split(" ", 3)[1]);
            return new Response(
                    raw,
                    status,
                    List.copyOf(lines.subList(1, lines.size())),
                    raw.substring(end + 4));
        }

        /** Returns the values of a header, compared case-insensitively, in the order received. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).strip());
                }
            }
            return values;
        }

        /** Returns the only value of a header, or empty when it is missing. */
        Optional<String> header(String name) {
            List<String> values = headers(name);
            if (values.size() > 1) {
                throw new IllegalStateException("header " + name + " is sent twice: " + raw);
            }
            return values.stream().findFirst();
        }
    }
}
