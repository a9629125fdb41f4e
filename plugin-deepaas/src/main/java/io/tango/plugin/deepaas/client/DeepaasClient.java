package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * A client of one DEEPaaS 2.x server: its model list and metadata, its OpenAPI description, predictions and
 * trainings.
 *
 * <p>Every call sends the route's canonical path (DEEPaaS registers routes with a trailing slash and answers 308 to a
 * path without it; a redirect is reported, never followed), has a timeout ({@link OperationTimeoutException}), and
 * maps error answers to typed errors: 402 (endpoint disabled) and 501 (not implemented by the model) to
 * {@link UnsupportedTangoOperationException}, 422 (argument validation) to {@link InvalidRequestException} carrying
 * the server's messages, anything else to {@link RemoteServiceException} (5xx, 429 and connection failures
 * retriable). Only GETs are retried, with Failsafe. Thread-safe.
 */
public final class DeepaasClient {
    /** The user info of a URL: {@code scheme://} then anything up to an {@code @} before the first {@code /}. */
    private static final java.util.regex.Pattern URL_CREDENTIALS = java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");
    private static final Logger LOG = LoggerFactory.getLogger(DeepaasClient.class);

    private final DeepaasHttp http;
    private final URI baseUrl;
    private final String basePath;
    private final String service;
    private final RetryPolicy<HttpAnswer> getRetries;

    DeepaasClient(DeepaasHttp http, URI baseUrl) {
        this.http = requireNonNull(http, "http is null");
        this.baseUrl = normalize(requireNonNull(baseUrl, "baseUrl is null"));
        this.basePath = this.baseUrl.getRawPath();
        this.service = "DEEPaaS at " + this.baseUrl;
        DeepaasClientSettings settings = http.settings();
        this.getRetries = RetryPolicy.<HttpAnswer>builder()
                .handleIf(error -> error instanceof RemoteServiceException remote && remote.isRetriable())
                .handleResultIf(answer -> answer.status() >= 500 || answer.status() == 429)
                .withMaxRetries(settings.maxRetries())
                .withDelay(settings.retryDelay())
                .onRetry(event -> LOG.debug("Retrying a GET to {} after {}", service,
                        event.getLastException() != null ? event.getLastException().toString()
                                : "HTTP " + event.getLastResult().status()))
                .build();
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
                    "'" + withoutCredentials(baseUrl.toString()) + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:5000");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + withoutCredentials(baseUrl.toString())
                    + "' must have no user info, query or fragment, e.g. http://127.0.0.1:5000");
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    }

    /**
     * @param text text that may hold a URL, e.g. a configured base URL
     * @return the text with the user info of every {@code scheme://user:password@} replaced by {@code ****}, for
     *     messages: a password written into a URL is a secret
     */
    public static String withoutCredentials(String text) {
        return text.indexOf('@') < 0 ? text : URL_CREDENTIALS.matcher(text).replaceAll("$1****@");
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
                    operation + " returned no 'models' list: " + Json.write(root));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        models.forEach(model -> entries.add(Json.toMap(model)));
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
        HttpAnswer answer = get(modelPath(model) + "/", operation);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(Json.toMap(json(checked(answer, operation), operation)));
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
    public HttpAnswer predict(String model, Blob body, Optional<String> accept) {
        String operation = "predict with model '" + model + "'";
        HttpAnswer answer = call("POST", modelPath(model) + "/predict/", Optional.of(body), accept, operation);
        if (answer.status() == 404) {
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
    public HttpAnswer postTraining(String model, Blob body) {
        String operation = trainingOperation(model);
        HttpAnswer answer = call("POST", modelPath(model) + "/train/", Optional.of(body), Optional.empty(), operation);
        if (answer.status() == 404) {
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
        HttpAnswer answer = get(trainingPath(model, uuid), operation);
        if (answer.status() == 404) {
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
    public HttpAnswer cancelTraining(String model, String uuid) {
        return call("DELETE", trainingPath(model, uuid), Optional.empty(), Optional.empty(),
                "canceling training " + uuid + " of model '" + model + "'");
    }

    /**
     * Sends one request. GETs are retried after connection failures and 5xx answers; nothing else is.
     *
     * @param method the HTTP method
     * @param path the path below the base URL, starting with {@code /}
     * @param body the body, with its content type, if any
     * @param accept the {@code Accept} header, if any
     * @param operation what the call does, for messages (e.g. {@code predict with model 'demo'})
     * @return the answer, whatever its status
     * @throws RemoteServiceException if the server cannot be reached
     * @throws OperationTimeoutException if it does not answer in time
     */
    public HttpAnswer call(String method, String path, Optional<Blob> body, Optional<String> accept, String operation) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(body, "body is null");
        requireNonNull(accept, "accept is null");
        requireNonNull(operation, "operation is null");
        if (method.equals("GET")) {
            return Failsafe.with(getRetries).get(() -> send(method, path, body, accept, operation));
        }
        return send(method, path, body, accept, operation);
    }

    /**
     * @param answer an answer
     * @param operation what the call did
     * @return the answer, if it is a success
     * @throws TangoException the typed error of an error answer (see {@link #failure})
     */
    public HttpAnswer checked(HttpAnswer answer, String operation) {
        if (answer.isSuccess()) {
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
    public TangoException failure(HttpAnswer answer, String operation) {
        int status = answer.status();
        if (status >= 300 && status < 400) {
            return new RemoteServiceException(service, status, null, false, operation + " was redirected to '"
                    + answer.location() + "'; DEEPaaS redirects paths without their trailing slash, and this client"
                    + " sends canonical paths only: check that the base URL is the server's, with its --base-path");
        }
        String text = answer.textForMessage();
        return switch (status) {
            case 402 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the endpoint is disabled on this server (HTTP 402; deepaas-run --predict-endpoint or"
                    + " --train-endpoint is false)");
            case 501 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the model does not implement it (HTTP 501: " + text + ")");
            case 422 -> new InvalidRequestException(service + " rejected the arguments of " + operation
                    + " (HTTP 422): " + validationMessages(answer),
                    new RemoteServiceException(service, status, null, false, text));
            default -> new RemoteServiceException(service, status, null, status >= 500 || status == 429,
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

    private HttpAnswer get(String path, String operation) {
        return call("GET", path, Optional.empty(), Optional.empty(), operation);
    }

    private HttpAnswer send(String method, String path, Optional<Blob> body, Optional<String> accept, String operation) {
        URI uri = URI.create(baseUrl + path);
        DeepaasClientSettings settings = http.settings();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        accept.ifPresent(value -> request.header("Accept", value));
        if (body.isPresent()) {
            request.header("Content-Type", body.get().contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body.get().bytes()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpAnswer answer = new HttpAnswer(
                    uri,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                    response.headers().firstValue("Location").orElse(""),
                    response.body());
            LOG.debug("{} {} -> {} in {} ms", method, uri, answer.status(), (System.nanoTime() - start) / 1_000_000);
            return answer;
        } catch (HttpConnectTimeoutException e) {
            throw new OperationTimeoutException(service + ": " + operation + " could not connect within "
                    + Durations.format(settings.connectTimeout()), settings.connectTimeout(), e);
        } catch (HttpTimeoutException e) {
            throw new OperationTimeoutException(service + ": " + operation + " got no answer within "
                    + Durations.format(settings.timeout()), settings.timeout(), e);
        } catch (ConnectException e) {
            throw new RemoteServiceException(service, null, null, true, operation + " failed: cannot connect ("
                    + describe(e) + ")", e);
        } catch (IOException e) {
            throw new RemoteServiceException(service, null, null, true, operation + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TangoException(service + ": " + operation + " was interrupted", e);
        }
    }

    private JsonNode json(HttpAnswer answer, String operation) {
        try {
            return Json.parse(answer.body());
        } catch (IOException e) {
            throw new RemoteServiceException(service, answer.status(), null, false,
                    operation + " returned a body that is not JSON (" + answer.contentType() + "): "
                            + answer.textForMessage(), e);
        }
    }

    private DeepaasTraining training(JsonNode node, String operation) {
        try {
            return DeepaasTraining.of(node);
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException(service, 200, null, false, operation + " returned " + e.getMessage(), e);
        }
    }

    /** DEEPaaS's 422 body is {@code {"<argument>": ["<message>", ...], ...}}; anything else is shown as it is. */
    private static String validationMessages(HttpAnswer answer) {
        try {
            JsonNode root = Json.parse(answer.body());
            if (root.isObject() && root.size() > 0) {
                StringJoiner messages = new StringJoiner("; ");
                root.properties().forEach(field -> messages.add(field.getKey() + ": " + messageText(field.getValue())));
                return messages.toString();
            }
        } catch (IOException e) {
            // not JSON: shown as text below
        }
        return answer.textForMessage();
    }

    private static String messageText(JsonNode messages) {
        if (messages.isArray()) {
            StringJoiner text = new StringJoiner(" ");
            messages.forEach(message -> text.add(message.isTextual() ? message.textValue() : Json.write(message)));
            return text.toString();
        }
        return messages.isTextual() ? messages.textValue() : Json.write(messages);
    }

    private String modelPath(String model) {
        return "/v2/models/" + encode(model);
    }

    private String trainingPath(String model, String uuid) {
        return modelPath(model) + "/train/" + encode(uuid);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
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
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeepaasClient[" + baseUrl + "]";
    }
}
