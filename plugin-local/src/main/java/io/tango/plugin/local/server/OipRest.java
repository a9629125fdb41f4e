package io.tango.plugin.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tango.api.InvalidRequestException;
import io.tango.plugin.local.batch.DynamicBatcher;
import io.tango.plugin.local.store.Json;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.oip.OipStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The Open Inference Protocol's REST API ({@code /v2…}) over an {@link OipService}, with the toolkit's codecs: JSON
 * and the binary tensor data extension both ways, and every error as {@code {"error": "…"}} with the HTTP status of
 * its {@link OipStatus} (400 a bad request, 404 an unknown model or version, 503 not ready), plus 404 for an unknown
 * endpoint and 405 for a wrong method. Stateless and thread-safe.
 *
 * <p>Routes: {@code GET /v2}, {@code GET /v2/health/live} ({@code {"live": true}}), {@code GET /v2/health/ready}
 * ({@code {"ready": true}}, as KServe answers, since its clients read the body), {@code GET /v2/models/{m}[/versions/{v}]},
 * {@code GET …/ready} ({@code {"name": m, "ready": true}}), {@code POST …/infer},
 * {@code POST /v2/repository/index} (an optional body {@code {"ready": true}} keeps the loaded models only),
 * {@code POST /v2/repository/models/{m}/load} and {@code …/unload}.
 */
final class OipRest {
    /** The path prefix of every OIP route. */
    static final String PREFIX = "/v2";

    private static final Logger log = LoggerFactory.getLogger(OipRest.class);
    private static final String JSON = "application/json";

    private final OipService service;

    OipRest(OipService service) {
        this.service = requireNonNull(service, "service is null");
    }

    /**
     * @param path a request path
     * @return whether the request is one the event loop answers at once (health), rather than a worker
     */
    static boolean isHealth(String path) {
        return path.startsWith(PREFIX + "/health/");
    }

    /**
     * @param method the request's method
     * @param path its decoded path, under {@value #PREFIX}
     * @param headers its headers
     * @param body its body
     * @return the answer: complete at once, except an inference of a model that batches, which completes (normally,
     *     errors included) when its batch has run
     */
    CompletableFuture<FullHttpResponse> answer(HttpMethod method, String path, HttpHeaders headers, byte[] body) {
        try {
            CompletableFuture<FullHttpResponse> answer = route(method, path, headers, body);
            return answer.isDone() && !answer.isCompletedExceptionally() ? answer
                    : answer.exceptionally(e -> error(DynamicBatcher.failure(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    private static CompletableFuture<FullHttpResponse> now(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private CompletableFuture<FullHttpResponse> route(HttpMethod method, String path, HttpHeaders headers, byte[] body) {
        String rest = path.substring(PREFIX.length());
        List<String> parts = rest.isEmpty() || rest.equals("/") ? List.of()
                : Arrays.asList(rest.substring(1).split("/", -1));
        if (parts.isEmpty()) {
            requireMethod(method, HttpMethod.GET, path);
            return now(json(HttpResponseStatus.OK, OipJson.writeServerMetadata(service.serverMetadata())));
        }
        switch (parts.get(0)) {
            case "health" -> {
                if (parts.size() == 2 && parts.get(1).equals("live")) {
                    requireMethod(method, HttpMethod.GET, path);
                    return now(health(Json.MAPPER.createObjectNode().put("live", true)));
                }
                if (parts.size() == 2 && parts.get(1).equals("ready")) {
                    requireMethod(method, HttpMethod.GET, path);
                    Optional<String> reason = service.notReadyReason();
                    return now(reason.isEmpty() ? health(Json.MAPPER.createObjectNode().put("ready", true)) : error(503, reason.get()));
                }
            }
            case "models" -> {
                if (parts.size() >= 2) {
                    return model(method, path, parts.get(1), parts.subList(2, parts.size()), headers, body);
                }
            }
            case "repository" -> {
                if (parts.size() == 2 && parts.get(1).equals("index")) {
                    requireMethod(method, HttpMethod.POST, path);
                    return now(json(HttpResponseStatus.OK, index(body)));
                }
                if (parts.size() == 4 && parts.get(1).equals("models") && (parts.get(3).equals("load") || parts.get(3).equals("unload"))) {
                    requireMethod(method, HttpMethod.POST, path);
                    if (parts.get(3).equals("load")) {
                        service.load(parts.get(2));
                    } else {
                        service.unload(parts.get(2));
                    }
                    return now(empty(HttpResponseStatus.OK));
                }
            }
            default -> {
                // Falls through to the unknown endpoint below.
            }
        }
        throw new UnknownEndpointException(path);
    }

    private CompletableFuture<FullHttpResponse> model(HttpMethod method, String path, String name, List<String> tail, HttpHeaders headers,
            byte[] body) {
        Optional<String> version = Optional.empty();
        List<String> action = tail;
        if (tail.size() >= 2 && tail.get(0).equals("versions")) {
            version = Optional.of(tail.get(1));
            action = tail.subList(2, tail.size());
        }
        if (action.isEmpty()) {
            requireMethod(method, HttpMethod.GET, path);
            return now(json(HttpResponseStatus.OK, OipJson.writeModelMetadata(service.modelMetadata(name, version))));
        }
        if (action.size() == 1 && action.get(0).equals("ready")) {
            requireMethod(method, HttpMethod.GET, path);
            Optional<String> reason = service.modelNotReadyReason(name, version);
            return now(reason.isEmpty() ? health(Json.MAPPER.createObjectNode().put("name", name).put("ready", true))
                    : error(503, reason.get()));
        }
        if (action.size() == 1 && action.get(0).equals("infer")) {
            requireMethod(method, HttpMethod.POST, path);
            return infer(name, version, headers, body);
        }
        throw new UnknownEndpointException(path);
    }

    private CompletableFuture<FullHttpResponse> infer(String name, Optional<String> version, HttpHeaders headers, byte[] body) {
        String headerLength = headers.get(OipBinaryExtension.HEADER);
        OipInferenceRequest request;
        if (headerLength == null) {
            request = OipJson.readRequest(body);
        } else {
            long length;
            try {
                length = Long.parseLong(headerLength.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(OipBinaryExtension.HEADER + " is '" + headerLength
                        + "'; it must be the length of the JSON part of the body in bytes");
            }
            request = OipBinaryExtension.readRequest(body, length);
        }
        return service.inferAsync(name, version, request).thenApply(response -> encode(request, response));
    }

    private static FullHttpResponse encode(OipInferenceRequest request, OipInferenceResponse response) {
        OipBinaryExtension.Body answer = OipBinaryExtension.writeResponse(response, output -> request.wantsBinary(output.name()));
        FullHttpResponse http = response(HttpResponseStatus.OK, answer.contentType(), answer.bytes());
        if (answer.hasBinaryData()) {
            http.headers().setInt(OipBinaryExtension.HEADER, answer.headerLength());
        }
        return http;
    }

    private byte[] index(byte[] body) {
        boolean readyOnly = false;
        if (body.length > 0) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new InvalidRequestException("the repository index request is not JSON: " + e.getMessage());
            }
            if (root == null || !root.isObject()) {
                throw new InvalidRequestException("the repository index request must be a JSON object, e.g. {\"ready\": true}");
            }
            JsonNode ready = root.get("ready");
            if (ready != null && !ready.isBoolean()) {
                throw new InvalidRequestException("'ready' must be true or false, got " + ready);
            }
            readyOnly = ready != null && ready.booleanValue();
        }
        ArrayNode models = Json.MAPPER.createArrayNode();
        for (ServedModel model : service.index()) {
            if (readyOnly && !model.loaded()) {
                continue;
            }
            ObjectNode entry = models.addObject().put("name", model.name());
            model.version().ifPresent(version -> entry.put("version", version));
            entry.put("state", model.loaded() ? "READY" : "UNAVAILABLE");
            model.reason().ifPresent(reason -> entry.put("reason", reason));
        }
        return Json.compact(models).getBytes(StandardCharsets.UTF_8);
    }

    private static void requireMethod(HttpMethod method, HttpMethod expected, String path) {
        if (!method.equals(expected)) {
            throw new WrongMethodException("method " + method + " is not allowed on " + path + "; use " + expected);
        }
    }

    private static FullHttpResponse error(RuntimeException e) {
        if (e instanceof UnknownEndpointException) {
            return error(404, e.getMessage());
        }
        if (e instanceof WrongMethodException) {
            return error(405, e.getMessage());
        }
        OipStatus status = OipErrors.status(e);
        if (status == OipStatus.INTERNAL) {
            log.warn("An OIP request failed", e);
            return error(status.httpStatus(), "the model failed: " + e.getMessage());
        }
        return error(status.httpStatus(), e.getMessage());
    }

    /**
     * @param status an HTTP status
     * @param message what went wrong
     * @return OIP's error answer {@code {"error": message}}
     */
    static FullHttpResponse error(int status, String message) {
        return json(HttpResponseStatus.valueOf(status), OipJson.writeError(message));
    }

    private static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        return response(status, JSON, body);
    }

    /** A health answer with a body (KServe's clients read {@code live} and {@code ready} from it; Triton's ignore it). */
    private static FullHttpResponse health(ObjectNode body) {
        return json(HttpResponseStatus.OK, Json.compact(body).getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        return response(status, JSON, new byte[0]);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static final class UnknownEndpointException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownEndpointException(String path) {
            super("no OIP endpoint " + path + "; this server has /v2, /v2/health/live, /v2/health/ready,"
                    + " /v2/models/{name}[/versions/{version}][/ready|/infer], /v2/repository/index and"
                    + " /v2/repository/models/{name}/load|unload", null, false, false);
        }
    }

    private static final class WrongMethodException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongMethodException(String message) {
            super(message, null, false, false);
        }
    }
}
