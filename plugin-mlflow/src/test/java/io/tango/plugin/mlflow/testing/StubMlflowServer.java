package io.tango.plugin.mlflow.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted HTTP server on 127.0.0.1 for the few behaviours a real MLflow cannot be made to show on demand (5xx and
 * 429 answers, slow answers, a malicious artifact listing). Each path answers the queued answers in order, the last
 * one forever; requests are recorded with their {@code Authorization} header.
 */
public final class StubMlflowServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param status the HTTP status
     * @param body the body, JSON
     * @param delayMillis how long to wait before answering
     */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer json(int status, String body) {
            return new Answer(status, body, 0);
        }
    }

    /**
     * @param method the method
     * @param path the raw path and query
     * @param authorization the Authorization header, or null
     */
    public record Request(String method, String path, String authorization) {}

    public StubMlflowServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the server's base URL */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Queues answers for a path (without query).
     *
     * @param path the path
     * @param queued the answers, in order; the last repeats
     * @return this server
     */
    public StubMlflowServer answer(String path, Answer... queued) {
        answers.put(path, new ArrayDeque<>(List.of(queued)));
        return this;
    }

    /** @return the requests received so far */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization")));
        Deque<Answer> queue = answers.get(exchange.getRequestURI().getPath());
        Answer answer;
        if (queue == null) {
            answer = Answer.json(404, "{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"no such path\"}");
        } else {
            synchronized (queue) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis()); // the stub plays a slow server; no test waits on this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
