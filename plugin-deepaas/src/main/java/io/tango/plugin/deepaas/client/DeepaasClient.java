package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
 * retriable). Only GETs are retried, with Failsafe (exponential backoff with jitter, bounded by the call's
 * timeout; see {@link #call}). An answer larger than the configured {@code maxResponseSize} is refused with a
 * {@link RemoteServiceException} without being read further. A configured token goes, as
 * {@code Authorization: Bearer}, to its own server only. Thread-safe.
 */
public final class DeepaasClient {
    private static final Logger LOG = LoggerFactory.getLogger(DeepaasClient.class);

    private final DeepaasHttp http;
    private final URI baseUrl;
    private final String basePath;
    private final String service;
    private final Optional<String> authorization;

    DeepaasClient(DeepaasHttp http, URI baseUrl) {
        this.http = requireNonNull(http, "http is null");
        this.baseUrl = normalize(requireNonNull(baseUrl, "baseUrl is null"));
        this.basePath = this.baseUrl.getRawPath();
        this.service = "DEEPaaS at " + this.baseUrl;
        this.authorization = http.settings().credentials()
                .filter(credentials -> credentials.isFor(this.baseUrl))
                .map(DeepaasCredentials::headerValue);
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
     * @return it with the configured token, should the server echo it, replaced by {@code ****}
     */
    public String forMessage(String text) {
        String token = http.settings().credentials().map(DeepaasCredentials::token).orElse(null);
        return token == null ? text : text.replace(token, "****");
    }

    /**
     * @param answer an answer, for a message or a log
     * @return its body as one line of at most 500 characters, with the configured token masked before the body is
     *     cut, so that no part of it shows
     */
    public String bodyForMessage(HttpAnswer answer) {
        return HttpAnswer.forMessage(forMessage(answer.text()));
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
        HttpAnswer answer = get(modelPath(model) + "/", operation);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        JsonNode metadata = json(checked(answer, operation), operation);
        if (!metadata.isObject()) {
            throw new RemoteServiceException(service, answer.status(), null, false,
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
     * Sends one request. The configured timeout bounds the whole call: sending, reading the whole answer, and for a
     * GET its retries and their pauses. A GET is retried after a connection failure or a 5xx or 429 answer, at most
     * {@code maxRetries} times, with exponential backoff and jitter (a 429's {@code Retry-After} is waited on whole;
     * when it ends past the timeout, the 429 is returned at once); nothing else is retried, since the server may have
     * acted on it.
     *
     * @param method the HTTP method
     * @param path the path below the base URL, starting with {@code /}
     * @param body the body, with its content type, if any
     * @param accept the {@code Accept} header, if any
     * @param operation what the call does, for messages (e.g. {@code predict with model 'demo'})
     * @return the answer, whatever its status
     * @throws RemoteServiceException if the server cannot be reached, breaks the connection, or sends more than
     *     {@code maxResponseSize} bytes
     * @throws OperationTimeoutException if it does not answer in time
     */
    public HttpAnswer call(String method, String path, Optional<Blob> body, Optional<String> accept, String operation) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(body, "body is null");
        requireNonNull(accept, "accept is null");
        requireNonNull(operation, "operation is null");
        DeepaasClientSettings settings = http.settings();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        if (!method.equals("GET") || settings.maxRetries() == 0) {
            return send(method, path, body, accept, operation, deadline, 1, null);
        }
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<HttpAnswer> last = new AtomicReference<>();
        AtomicBoolean aborted = new AtomicBoolean();
        try {
            HttpAnswer answer = Failsafe.with(retryPolicy(settings, deadline, aborted)).get(() -> {
                HttpAnswer attempt = send(method, path, body, accept, operation, deadline, attempts.incrementAndGet(),
                        last.get());
                last.set(attempt);
                return attempt;
            });
            if (retriable(answer) && attempts.get() <= settings.maxRetries() && !aborted.get()) {
                // Failsafe stopped because the time ran out, not because the retries did.
                throw timedOut(operation, attempts.get(), answer, null);
            }
            return answer;
        } catch (RemoteServiceException e) {
            if (e.isRetriable() && attempts.get() <= settings.maxRetries()) {
                throw timedOut(operation, attempts.get(), last.get(), e);
            }
            throw e;
        } catch (FailsafeException e) {
            // Only an interrupt while pausing between attempts gets here: attempts throw unchecked errors only.
            Thread.currentThread().interrupt();
            throw new TangoException(service + ": " + operation + " was interrupted", e.getCause());
        }
    }

    private static boolean retriable(HttpAnswer answer) {
        return answer.status() >= 500 || answer.status() == 429;
    }

    private RetryPolicy<HttpAnswer> retryPolicy(DeepaasClientSettings settings, long deadline, AtomicBoolean aborted) {
        RetryPolicyBuilder<HttpAnswer> policy = RetryPolicy.<HttpAnswer>builder()
                .handleIf(error -> error instanceof RemoteServiceException remote && remote.isRetriable())
                .handleResultIf(DeepaasClient::retriable)
                .withMaxRetries(settings.maxRetries())
                // A 429 asking to wait past the timeout is returned at once rather than waited on in vain.
                .abortIf((answer, error) -> {
                    boolean abort = answer != null && answer.retryAfter()
                            .filter(delay -> delay.toNanos() >= deadline - System.nanoTime())
                            .isPresent();
                    if (abort) {
                        aborted.set(true);
                    }
                    return abort;
                })
                .onRetry(event -> LOG.debug("Retrying a GET to {} (attempt {}) after {}", service,
                        event.getAttemptCount() + 1, event.getLastException() != null
                                ? event.getLastException().getClass().getSimpleName()
                                : "HTTP " + event.getLastResult().status()));
        if (settings.retryDelay().isZero()) {
            policy.withDelay(Duration.ZERO);
        } else {
            if (settings.maxRetryDelay().compareTo(settings.retryDelay()) > 0) {
                policy.withBackoff(settings.retryDelay(), settings.maxRetryDelay());
            } else {
                policy.withDelay(settings.retryDelay());
            }
            policy.withJitter(DeepaasClientSettings.JITTER)
                    // Failsafe varies every delay by the jitter: divided by (1 - JITTER), a Retry-After is never cut short.
                    .withDelayFn(context -> context.getLastResult() == null ? Duration.ofMillis(-1)
                            : context.getLastResult().retryAfter()
                                    .map(delay -> Duration.ofNanos((long) Math.ceil(delay.toNanos()
                                            / (1 - DeepaasClientSettings.JITTER))))
                                    .orElse(Duration.ofMillis(-1)));
        }
        // Never pause past the call's timeout.
        policy.withMaxDuration(settings.timeout());
        return policy.build();
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
        String text = bodyForMessage(answer);
        return switch (status) {
            case 402 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the endpoint is disabled on this server (HTTP 402; deepaas-run --predict-endpoint or"
                    + " --train-endpoint is false)");
            case 501 -> new UnsupportedTangoOperationException(service + " refused " + operation
                    + ": the model does not implement it (HTTP 501: " + text + ")");
            case 422 -> new InvalidRequestException(service + " rejected the arguments of " + operation
                    + " (HTTP 422): " + forMessage(validationMessages(answer)),
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

    private HttpAnswer send(String method, String path, Optional<Blob> body, Optional<String> accept, String operation,
            long deadline, int attempt, HttpAnswer previous) {
        DeepaasClientSettings settings = http.settings();
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(operation, attempt - 1, previous, null);
        }
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining));
        accept.ifPresent(value -> request.header("Accept", value));
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body.isPresent()) {
            request.header("Content-Type", body.get().contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body.get().bytes()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        AtomicInteger status = new AtomicInteger(-1);
        CompletableFuture<HttpResponse<byte[]>> future = http.httpClient().sendAsync(request.build(), info -> {
            status.set(info.statusCode());
            return new CappedBodySubscriber(settings.maxResponseSize());
        });
        try {
            HttpResponse<byte[]> response = future.get(remaining, TimeUnit.NANOSECONDS);
            HttpAnswer answer = new HttpAnswer(
                    uri,
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                    response.headers().firstValue("Location").orElse(""),
                    response.body(),
                    response.headers().firstValue("Retry-After").orElse(""));
            LOG.debug("{} {} -> {} in {} ms", method, uri, answer.status(), (System.nanoTime() - start) / 1_000_000);
            return answer;
        } catch (TimeoutException e) {
            // No answer, or one dripping in (headers in time, body not): give up on it and free its connection.
            future.cancel(true);
            throw timedOut(operation, attempt, previous, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TangoException(service + ": " + operation + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (causes(cause, CappedBodySubscriber.TooLargeException.class)) {
                throw new RemoteServiceException(service, status.get() < 0 ? null : status.get(), null, false,
                        operation + " was answered with more than " + settings.maxResponseSize()
                                + " bytes, the most this client reads (see max_response_size)", cause);
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new OperationTimeoutException(service + ": " + operation + " could not connect within "
                        + Durations.format(settings.connectTimeout()), settings.connectTimeout(), cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(operation, attempt, previous, cause);
            }
            if (cause instanceof ConnectException) {
                throw new RemoteServiceException(service, null, null, true, operation + " failed: cannot connect ("
                        + describe(cause) + ")", cause);
            }
            if (cause instanceof IOException) {
                throw new RemoteServiceException(service, null, null, true, operation + " failed: " + describe(cause),
                        cause);
            }
            throw new RemoteServiceException(service, null, null, false, operation + " failed: " + describe(cause),
                    cause);
        }
    }

    private OperationTimeoutException timedOut(String operation, int attempts, HttpAnswer previous, Throwable cause) {
        Duration timeout = http.settings().timeout();
        String message = service + ": " + operation + " got no answer within " + Durations.format(timeout);
        if (attempts > 1) {
            message += " (" + attempts + " attempts" + (previous == null ? ""
                    : "; the last complete answer: HTTP " + previous.status()) + ")";
        }
        return new OperationTimeoutException(message, timeout, cause);
    }

    private static boolean causes(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode json(HttpAnswer answer, String operation) {
        try {
            return Json.parse(answer.body());
        } catch (IOException e) {
            throw new RemoteServiceException(service, answer.status(), null, false,
                    operation + " returned a body that is not JSON (" + answer.contentType() + "): "
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

    /** DEEPaaS's 422 body is {@code {"<argument>": ["<message>", ...], ...}}; anything else is shown as it is. */
    private String validationMessages(HttpAnswer answer) {
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
        return bodyForMessage(answer);
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

    private static String describe(Throwable e) {
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
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape ("%zz") in a server's link: the segment is the key as written.
            return segment;
        }
    }

    @Override
    public String toString() {
        return "DeepaasClient[" + baseUrl + "]";
    }
}
