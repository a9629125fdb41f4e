package com.example.tango.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The scoring API the plugin talks to, served on 127.0.0.1 by the JDK's HTTP server: models {@code double} and
 * {@code triple} multiply input {@code x}; every call needs {@code Authorization: Bearer <token>}.
 *
 * <pre>
 * GET  /v1/models/{name}          {"name", "version", "format"} | 404 {"error"}
 * POST /v1/models/{name}/predict  {"inputs": {"x": n}} -> {"outputs": {"y": factor * n}} | 400 {"error"}
 * </pre>
 */
final class ScoringApiServer implements AutoCloseable {
    static final String TOKEN = "template-test-token";
    private static final Map<String, Integer> FACTORS = Map.of("double", 2, "triple", 3);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;

    ScoringApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/models/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, Map.of("error", "missing or wrong token"));
                return;
            }
            String[] path = exchange.getRequestURI().getPath().substring("/v1/models/".length()).split("/");
            Integer factor = FACTORS.get(path[0]);
            if (factor == null) {
                answer(exchange, 404, Map.of("error", "no model " + path[0]));
            } else if (path.length == 1 && exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 200, Map.of("name", path[0], "version", "1", "format", "linear"));
            } else if (path.length == 2 && path[1].equals("predict") && exchange.getRequestMethod().equals("POST")) {
                predict(exchange, factor);
            } else {
                answer(exchange, 405, Map.of("error", exchange.getRequestMethod() + " " + exchange.getRequestURI()));
            }
        }
    }

    private void predict(HttpExchange exchange, int factor) throws IOException {
        JsonNode x;
        try {
            x = json.readTree(exchange.getRequestBody()).path("inputs").path("x");
        } catch (IOException e) {
            answer(exchange, 400, Map.of("error", "the body is not JSON"));
            return;
        }
        if (!x.isNumber()) {
            answer(exchange, 400, Map.of("error", "inputs.x must be a number"));
            return;
        }
        answer(exchange, 200, Map.of("outputs", Map.of("y", factor * x.asDouble())));
    }

    private void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** @return a JSON payload {@code {"inputs": {"x": x}}} */
    static byte[] inputs(Object x) {
        return ("{\"inputs\": {\"x\": " + x + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
