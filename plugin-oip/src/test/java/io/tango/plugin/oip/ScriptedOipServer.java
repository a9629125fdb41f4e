package io.tango.plugin.oip;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-JVM HTTP server on 127.0.0.1 that answers each {@code METHOD /path} with what a test scripted for it (the
 * JDK's server: enough to play a server that answers oddly or with hostile documents), and records what it was sent.
 * Unscripted calls get 404 {@code {"error": "no route"}}.
 */
final class ScriptedOipServer implements AutoCloseable {
    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String json) {
            return new Answer(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        static Answer empty(int status) {
            return new Answer(status, Map.of(), new byte[0]);
        }

        static Answer binary(String json, byte[] tensors) {
            byte[] header = json.getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[header.length + tensors.length];
            System.arraycopy(header, 0, body, 0, header.length);
            System.arraycopy(tensors, 0, body, header.length, tensors.length);
            return new Answer(200, Map.of("Content-Type", "application/octet-stream",
                    "Inference-Header-Content-Length", Integer.toString(header.length)), body);
        }
    }

    /** A request the server read. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Answer> script = new LinkedHashMap<>();
    private final List<Received> received = new ArrayList<>();

    private ScriptedOipServer(HttpServer server) {
        this.server = server;
    }

    static ScriptedOipServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ScriptedOipServer scripted = new ScriptedOipServer(http);
        http.createContext("/", scripted::handle);
        http.setExecutor(scripted.executor);
        http.start();
        return scripted;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts the answer to {@code call}, e.g. {@code GET /v2}, replacing what was scripted before. */
    synchronized ScriptedOipServer on(String call, Answer answer) {
        script.put(call, answer);
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized Received last() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            Answer answer;
            synchronized (this) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                answer = script.getOrDefault(call, Answer.json(404, "{\"error\": \"no route " + call + "\"}"));
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
