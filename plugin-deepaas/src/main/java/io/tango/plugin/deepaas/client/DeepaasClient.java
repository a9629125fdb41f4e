package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.ServerCredentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A client of one DEEPaaS 2.x server: its model list and metadata, its OpenAPI description, predictions and
 * trainings.
 *
 * <p>Every call sends the route's canonical path (DEEPaaS registers routes with a trailing slash and answers 308 to a
 * path without it; a redirect is reported, never followed) and goes through the toolkit's {@link HttpTransport}: one
 * deadline per call ({@link OperationTimeoutException}), retries of GETs only, answers capped at
 * {@code max_response_size}. Error answers map to typed errors: 402 (endpoint disabled) and 501 (not implemented by
 * the model) to {@link UnsupportedTangoOperationException}, 422 (argument validation) to
 * {@link InvalidRequestException} carrying the server's messages, anything else to {@link RemoteServiceException}
 * (retriable where the toolkit retries). Every message names the operation that failed. A configured token goes, as
 * {@code Authorization: Bearer}, to its own server only. Thread-safe; {@link #close()} stops its threads.
 */
public final class DeepaasClient implements AutoCloseable {
    /** The most characters of an answer's body a message quotes. */
    private static final int MAX_BODY_TEXT = 500;

    private final HttpTransport transport;
    private final URI baseUrl;
    private final String basePath;
    private final String service;
    private final AtomicBoolean closed = new AtomicBoolean();

    DeepaasClient(URI baseUrl, DeepaasClientSettings settings, String threadPrefix) {
        this.baseUrl = normalize(requireNonNull(baseUrl, "baseUrl is null"));
        this.basePath = this.baseUrl.getRawPath();
        this.service = "DEEPaaS at " + this.baseUrl;
        HttpAuth auth = ServerCredentials.authFor(settings.credentials(), this.baseUrl);
        this.transport = new HttpTransport(service, this.baseUrl, auth, settings.http(), DeepaasErrors.BODY,
                requireNonNull(threadPrefix, "threadPrefix is null"));
    }

    /**
     * @param baseUrl a base URL as configured
     * @return it without a trailing slash, query or fragment
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host
     */
    public static URI normalize(URI baseUrl) {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "'" + redact(baseUrl.toString()) + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:5000");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + redact(baseUrl.toString()) + "' must have no user info, query or"
                    + " fragment, e.g. http://127.0.0.1:5000 (a token goes in the 'token' option)");
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    }

    /**
     * @param url a URL as written, possibly with credentials ({@code http://user:password@host})
     * @return it with any user info replaced by {@code ****}, for messages
     */
    public static String redact(String url) {
        return url.replaceAll("(?<=//)[^/?#]*@", "****@");
    }

    /**
     * @param text text a server sent (an error body, a document), for a message or a log
     * @return it with the configured token, should the server echo it, and any URL password replaced by {@code ****}
     */
    public String forMessage(String text) {
        return transport.redact(text);
    }

    /**
     * @param answer an answer, for a message or a log
     * @return its body as one line of at most 500 characters, with the configured token masked before the body is
     *     cut, so that no part of it shows
     */
    public String bodyForMessage(HttpResponse<byte[]> answer) {
        String line = forMessage(new String(answer.body(), StandardCharsets.UTF_8)).replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_BODY_TEXT ? line : line.substring(0, MAX_BODY_TEXT) + "…";
    }

    /**
     * @param answer an answer
     * @return its body as a blob of the answer's media type (its content type without parameters)
     */
    public static Blob toBlob(HttpResponse<byte[]> answer) {
        String contentType = contentType(answer);
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return Blob.of(mediaType.toLowerCase(Locale.ROOT), answer.body());
    }

    private static String contentType(HttpResponse<?> answer) {
        return answer.headers().firstValue("Content-Type").orElse("application/octet-stream");
    }

    /** @return the server's base URL, without a trailing slash */
    public URI baseUrl() {
        return baseUrl;
    }

    /** @return the server's base path ({@code ""} unless it runs with {@code --base-path}) */
    public String basePath() {
        return basePath;
    }

    /** @return how errors name this server: {@code DEEPaaS at <base URL>} */
    public String service() {
        return service;
    }

    /**
     * {@code GET {base}/v2/models/}: the loaded models, each as the server describes it (its {@code get_metadata()}
     * merged over {@code id}, {@code name} and {@code links}).
     *
     * @return the models' entries, in the server's order
     */
    public List<Map<String, Object>> listModels() {
        String operation = "listing the models";
        JsonNode root = json(checked(get("/v2/models/", operation), operation), operation);
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw new RemoteServiceException(service, 200, null, false,
                    operation + " returned no 'models' list: " + Json.abbreviate(root, this::forMessage));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (JsonNode model : models) {
            if (!model.isObject()) {
                throw new RemoteServiceException(service, 200, null, false,
                        operation + " returned a model entry that is not a JSON object: "
                                + Json.abbreviate(model, this::forMessage));
            }
            entries.add(Json.toMap(model));
        }
        return List.copyOf(entries);
    }

    /**
     * {@code GET {base}/v2/models/{model}/}.
     *
     * @param model the model's URL key
     * @return its metadata as sent, or empty if the server has no such model
     */
    public Optional<Map<String, Object>> modelMetadata(String model) {
        String operation = "reading the metadata of model '" + model + "'";
        HttpResponse<byte[]> answer = get(modelPath(model) + "/", operation);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode metadata = json(checked(answer, operation), operation);
        if (!metadata.isObject()) {
            throw new RemoteServiceException(service, answer.statusCode(), null, false,
                    operation + " returned JSON that is not an object: " + Json.abbreviate(metadata, this::forMessage));
        }
        return Optional.of(Json.toMap(metadata));
    }

    /**
     * {@code GET {base}/swagger.json}: the server's OpenAPI (Swagger 2.0) description.
     *
     * @return the document
     */
    public JsonNode openApi() {
        String operation = "reading the OpenAPI description";
        return json(checked(get("/swagger.json", operation), operation), operation);
    }

    /**
     * {@code POST {base}/v2/models/{model}/predict/}.
     *
     * @param model the model's URL key
     * @param body the arguments, normally {@code multipart/form-data}
     * @param accept the {@code Accept} header, sent only when present (DEEPaaS then uses the model's default)
     * @return the successful answer
     * @throws ModelNotFoundException if the server has no such model
     */
    public HttpResponse<byte[]> predict(String model, Blob body, Optional<String> accept) {
        String operation = "predict with model '" + model + "'";
        HttpResponse<byte[]> answer = call("POST", modelPath(model) + "/predict/", Optional.of(body), accept, operation);
        if (answer.statusCode() == 404) {
            throw new ModelNotFoundException(service + " has no model '" + model + "' (HTTP 404 on predict)");
        }
        return checked(answer, operation);
    }

    /**
     * {@code POST {base}/v2/models/{model}/train/}: starts a training, which runs on the server.
     *
     * @param model the model's URL key
     * @param body the arguments, normally {@code multipart/form-data}
     * @return the training, normally {@code running}
     * @throws ModelNotFoundException if the server has no such model
     */
    public DeepaasTraining startTraining(String model, Blob body) {
        return training(json(postTraining(model, body), trainingOperation(model)), trainingOperation(model));
    }

    /**
     * {@code POST {base}/v2/models/{model}/train/}, the answer as it comes.
     *
     * @param model the model's URL key
     * @param body the arguments, normally {@code multipart/form-data}
     * @return the successful answer: the training's JSON document
     * @throws ModelNotFoundException if the server has no such model
     */
    public HttpResponse<byte[]> postTraining(String model, Blob body) {
        String operation = trainingOperation(model);
        HttpResponse<byte[]> answer = call("POST", modelPath(model) + "/train/", Optional.of(body), Optional.empty(), operation);
        if (answer.statusCode() == 404) {
            throw new ModelNotFoundException(service + " has no model '" + model + "' (HTTP 404 on train)");
        }
        return checked(answer, operation);
    }

    private static String trainingOperation(String model) {
        return "starting a training of model '" + model + "'";
    }

    /**
     * {@code GET {base}/v2/models/{model}/train/{uuid}}.
     *
     * @param model the model's URL key
     * @param uuid the training's id
     * @return the training, or empty if the server does not know it (never existed, canceled, or the server
     *     restarted: DEEPaaS keeps trainings in memory and forgets canceled ones)
     */
    public Optional<DeepaasTraining> training(String model, String uuid) {
        String operation = "reading training " + uuid + " of model '" + model + "'";
        HttpResponse<byte[]> answer = get(trainingPath(model, uuid), operation);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(training(json(checked(answer, operation), operation), operation));
    }

    /**
     * {@code GET {base}/v2/models/{model}/train/}: a bare JSON array in DEEPaaS 2.x (its Swagger document says
     * {@code {"trainings": [...]}}; both are read).
     *
     * @param model the model's URL key
     * @return the trainings the server keeps for the model
     */
    public List<DeepaasTraining> trainings(String model) {
        String operation = "listing the trainings of model '" + model + "'";
        JsonNode root = json(checked(get(modelPath(model) + "/train/", operation), operation), operation);
        JsonNode list = root.isArray() ? root : root.path("trainings");
        List<DeepaasTraining> trainings = new ArrayList<>();
        list.forEach(node -> trainings.add(training(node, operation)));
        return List.copyOf(trainings);
    }

    /**
     * {@code DELETE {base}/v2/models/{model}/train/{uuid}}. The answer is returned as it is, because DEEPaaS 2.6.0
     * answers a running training's cancellation with a 500 after it has killed the training and forgotten it (see
     * the callers).
     *
     * @param model the model's URL key
     * @param uuid the training's id
     * @return the answer, whatever its status
     */
    public HttpResponse<byte[]> cancelTraining(String model, String uuid) {
        return call("DELETE", trainingPath(model, uuid), Optional.empty(), Optional.empty(),
                "canceling training " + uuid + " of model '" + model + "'");
    }

    /**
     * Sends one request through the toolkit's transport: the configured timeout bounds the whole call, a GET is
     * retried on the toolkit's retriable conditions, nothing else is (the server may have acted on it).
     *
     * @param method the HTTP method
     * @param path the path below the base URL, starting with {@code /}
     * @param body the body, with its content type, if any
     * @param accept the {@code Accept} header, if any
     * @param operation what the call does, for messages (e.g. {@code predict with model 'demo'})
     * @return the answer, whatever its status
     * @throws RemoteServiceException if the server cannot be reached, breaks the connection, or sends more than
     *     {@code max_response_size} bytes; its message names the operation
     * @throws OperationTimeoutException if it does not answer in time; its message names the operation
     * @throws IllegalStateException if this client is closed
     */
    public HttpResponse<byte[]> call(
            String method, String path, Optional<Blob> body, Optional<String> accept, String operation) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(body, "body is null");
        requireNonNull(accept, "accept is null");
        requireNonNull(operation, "operation is null");
        if (closed.get()) {
            throw new IllegalStateException("the DEEPaaS HTTP client is closed");
        }
        Duration timeout = transport.settings().requestTimeout();
        HttpRequest.Builder request = transport.newRequest(transport.uri(path, Map.of()), timeout);
        accept.ifPresent(value -> request.header("Accept", value));
        if (body.isPresent()) {
            request.header("Content-Type", body.get().contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body.get().bytes()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return transport.exchange(request.build(), method.equals("GET"), timeout);
        } catch (RemoteServiceException e) {
            // The toolkit's "<service> failed: <what>" becomes "<service> failed: <operation> failed: <what>".
            throw new RemoteServiceException(service, e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : null,
                    e.remoteCode().orElse(null), e.isRetriable(), operation + " failed: " + afterService(e), e);
        } catch (OperationTimeoutException e) {
            throw new OperationTimeoutException(service + ": " + operation + " failed: " + afterService(e),
                    e.timeout(), e);
        }
    }

    /** @return the message of one of the transport's errors, without the service and status it starts with */
    private String afterService(TangoException error) {
        String message = error.getMessage();
        if (error instanceof RemoteServiceException) {
            int separator = message.indexOf(": ", service.length());
            return separator < 0 ? message : message.substring(separator + 2);
        }
        return message.startsWith(service + " ") ? message.substring(service.length() + 1) : message;
    }

    /**
     * @param answer an answer
     * @param operation what the call did
     * @return the answer, if it is a success
     * @throws TangoException the typed error of an error answer (see {@link #failure})
     */
    public HttpResponse<byte[]> checked(HttpResponse<byte[]> answer, String operation) {
        if (answer.statusCode() / 100 == 2) {
            return answer;
        }
        throw failure(answer, operation);
    }

    /**
     * Maps an error answer to a typed error.
     *
     * @param answer a non-2xx answer
     * @param operation what the call did
     * @return the error to throw
     */
    public TangoException failure(HttpResponse<byte[]> answer, String operation) {
        int status = answer.statusCode();
        if (status >= 300 && status < 400) {
            String location = answer.headers().firstValue("Location").orElse("");
            return new RemoteServiceException(service, status, null, false, operation + " was redirected to '"
                    + location + "'; DEEPaaS redirects paths without their trailing slash, and this client"
                    + " sends canonical paths only: check that the base URL is the server's, with its --base-path");
        }
        String text = bodyForMessage(answer);
        return switch (status) {
            case 402 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the endpoint is disabled on this server (HTTP 402; deepaas-run --predict-endpoint or"
                    + " --train-endpoint is false)");
            case 501 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the model does not implement it (HTTP 501: " + text + ")");
            case 422 -> new InvalidRequestException(service + " rejected the arguments of " + operation
                    + " (HTTP 422): " + DeepaasErrors.BODY.read(answer.body(), transport.json())
                            .map(error -> forMessage(error.message()))
                            .orElse(text),
                    new RemoteServiceException(service, status, null, false, text));
            default -> new RemoteServiceException(service, status, null, HttpTransport.isRetriableStatus(status),
                    operation + " failed: " + (text.isEmpty() ? "(empty body)" : text));
        };
    }

    /**
     * @param model a model's list entry or metadata
     * @return the model's URL key: the last segment of its {@code self} link (DEEPaaS overwrites {@code id} and
     *     {@code name} with whatever the model's metadata says), else its {@code name}
     */
    public static String urlKey(Map<String, Object> model) {
        if (model.get("links") instanceof List<?> links) {
            for (Object link : links) {
                if (link instanceof Map<?, ?> map && "self".equals(map.get("rel")) && map.get("href") instanceof String href) {
                    String path = href;
                    while (path.endsWith("/")) {
                        path = path.substring(0, path.length() - 1);
                    }
                    return decode(path.substring(path.lastIndexOf('/') + 1));
                }
            }
        }
        return String.valueOf(model.get("name"));
    }

    private HttpResponse<byte[]> get(String path, String operation) {
        return call("GET", path, Optional.empty(), Optional.empty(), operation);
    }

    private JsonNode json(HttpResponse<byte[]> answer, String operation) {
        try {
            return Json.parse(answer.body());
        } catch (IOException e) {
            throw new RemoteServiceException(service, answer.statusCode(), null, false,
                    operation + " returned a body that is not JSON (" + contentType(answer) + "): "
                            + bodyForMessage(answer), e);
        }
    }

    private DeepaasTraining training(JsonNode node, String operation) {
        try {
            return DeepaasTraining.of(node);
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException(service, 200, null, false,
                    operation + " returned " + forMessage(e.getMessage()), e);
        }
    }

    private String modelPath(String model) {
        return "/v2/models/" + encode(model);
    }

    private String trainingPath(String model, String uuid) {
        return modelPath(model) + "/train/" + encode(uuid);
    }

    /** Percent-encodes a path segment (RFC 3986: everything but unreserved characters). */
    static String encode(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape ("%zz") in a server's link: the segment is the key as written.
            return segment;
        }
    }

    /** Stops this client's threads; calls made afterwards fail with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "DeepaasClient[" + baseUrl + "]";
    }
}
