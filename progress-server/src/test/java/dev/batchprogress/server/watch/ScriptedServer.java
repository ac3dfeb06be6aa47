package dev.batchprogress.server.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/1.1 server on a free port of 127.0.0.1 that answers the n-th connection with the n-th
 * scripted response (the last one again once the script is used up), records every request, and
 * closes each connection after its response. It plays servers that misbehave in ways a real one
 * cannot be made to on cue: streams that drop, fall silent or send errors.
 */
final class ScriptedServer implements AutoCloseable {

    /** A request as received. */
    record Request(String method, String target, Map<String, String> headers) {

        /** Returns a header by its case-insensitive name, or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes one response; the connection closes when it returns. */
    interface Response {
        void write(Request request, OutputStream out, InputStream in) throws IOException;
    }

    private final ServerSocket socket;
    private final List<Response> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ScriptedServer(ServerSocket socket, List<Response> script) {
        this.socket = socket;
        this.script = List.copyOf(script);
    }

    /** Starts a server that answers with the given responses in order. */
    static ScriptedServer start(Response... script) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ScriptedServer server = new ScriptedServer(socket, List.of(script));
        server.connections.execute(server::accept);
        return server;
    }

    /** Returns the server's base URL. */
    URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Returns the requests received so far, in order of arrival. */
    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Returns an event stream response whose body is the given text. */
    static Response stream(String body) {
        return (request, out, in) -> {
            writeStreamHead(out);
            out.write(body.getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    /**
     * Returns an event stream response that sends the given text and then nothing, holding the
     * connection open until the client closes it.
     */
    static Response silentStream(String body) {
        return (request, out, in) -> {
            stream(body).write(request, out, in);
            while (in.read() >= 0) {
                // A GET request has no body; the read returns when the client closes.
            }
        };
    }

    /** Returns a response with a status, a content type, a body, and optionally an ETag. */
    static Response answer(int status, String contentType, String body, String entityTag) {
        return (request, out, in) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append("HTTP/1.1 ").append(status).append(" Scripted\r\n");
            if (!contentType.isEmpty()) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (!entityTag.isEmpty()) {
                head.append("ETag: ").append(entityTag).append("\r\n");
            }
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        };
    }

    /** Returns a JSON response without an ETag. */
    static Response json(int status, String body) {
        return answer(status, "application/json", body, "");
    }

    /** Returns a 304 response with an ETag. */
    static Response notModified(String entityTag) {
        return (request, out, in) -> {
            String head =
                    "HTTP/1.1 304 Not Modified\r\nETag: "
                            + entityTag
                            + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        };
    }

    private static void writeStreamHead(OutputStream out) throws IOException {
        String head =
                String.join(
                        "\r\n",
                        "HTTP/1.1 200 OK",
                        "Content-Type: text/event-stream;charset=utf-8",
                        "Cache-Control: no-store",
                        "Connection: close",
                        "",
                        "");
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void accept() {
        int count = 0;
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(connection);
            Response response = script.get(Math.min(count++, script.size() - 1));
            connections.execute(() -> serve(connection, response));
        }
    }

    private void serve(Socket connection, Response response) {
        try (connection) {
            BufferedReader reader =
                    new BufferedReader(
                            new InputStreamReader(
                                    connection.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = reader.readLine();
            if (requestLine == null) {
                return;
            }
            Map<String, String> headers = new HashMap<>();
            for (String line = reader.readLine();
                    line != null && !line.isEmpty();
                    line = reader.readLine()) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            String[] parts = requestLine.split(" ", -1);
            Request request = new Request(parts[0], parts[1], headers);
            requests.add(request);
            response.write(request, connection.getOutputStream(), connection.getInputStream());
        } catch (IOException e) {
            // The client or close() closed the connection.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : sockets) {
            connection.close();
        }
        connections.shutdownNow();
        try {
            connections.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
