package io.tango.plugin.mlflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * HTTP to one MLflow server (a tracking server or a scoring server): authentication, a timeout bounding every call
 * (retries included), retries with exponential backoff and jitter for idempotent calls on connection errors, 429
 * (honouring {@code Retry-After}) and 5xx, and MLflow's JSON error body read into a {@link RemoteServiceException}
 * carrying the {@code error_code}.
 *
 * <p>Credentials go only into the {@code Authorization} header; nothing here logs headers, and a server echoing a
 * secret back in its answer has it masked in every message. Thread-safe; {@link #close()} stops its threads.
 */
public final class MlflowHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowHttp.class);
    private static final int MAX_ERROR_TEXT = 2000;
    private static final int MAX_BODY_EXCERPT = 200;
    /** Randomly varies each backoff delay by up to this fraction, so clients that failed together retry apart. */
    public static final double JITTER = 0.2;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI baseUri;
    private final MlflowCredentials credentials;
    private final RetrySettings retry;
    private final String serviceName;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUri the server's base URL; paths are appended to it
     * @param credentials how requests authenticate
     * @param connectTimeout the longest wait for a connection
     * @param retry how idempotent calls are retried
     * @param serviceName how error messages name the server (no credentials)
     */
    public MlflowHttp(
            URI baseUri, MlflowCredentials credentials, Duration connectTimeout, RetrySettings retry, String serviceName) {
        this.baseUri = MlflowConnection.stripTrailingSlash(requireNonNull(baseUri, "baseUri is null"));
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.retry = requireNonNull(retry, "retry is null");
        this.serviceName = requireNonNull(serviceName, "serviceName is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        String prefix = "tango-mlflow-http-" + CLIENTS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * @param connection a tracking server connection
     * @return HTTP to that tracking server
     */
    public static MlflowHttp forTracking(MlflowConnection connection) {
        return new MlflowHttp(
                connection.trackingUri(),
                connection.credentials(),
                connection.connectTimeout(),
                connection.retry(),
                connection.serviceName());
    }

    /** @return the server's base URL */
    public URI baseUri() {
        return baseUri;
    }

    /** @return how messages name the server */
    public String serviceName() {
        return serviceName;
    }

    /** @return the JSON mapper this client reads and writes bodies with */
    public ObjectMapper json() {
        return json;
    }

    /**
     * @param path a path below the base URL, starting with {@code /}, already encoded
     * @param query query parameters; a collection value repeats the parameter
     * @return the full URI
     */
    public URI uri(String path, Map<String, ?> query) {
        StringBuilder text = new StringBuilder(baseUri.toString()).append(path);
        if (!query.isEmpty()) {
            StringJoiner parameters = new StringJoiner("&", "?", "");
            query.forEach((name, value) -> {
                Collection<?> values = value instanceof Collection<?> many ? many : java.util.List.of(value);
                for (Object single : values) {
                    parameters.add(encode(name) + "=" + encode(String.valueOf(single)));
                }
            });
            text.append(parameters);
        }
        return URI.create(text.toString());
    }

    /**
     * GETs a JSON document; retried.
     *
     * @param path the path below the base URL
     * @param query the query parameters
     * @param timeout the longest wait for the answer
     * @return the parsed body ({@code {}} for an empty one)
     * @throws RemoteServiceException for an error answer or an unreachable server
     * @throws OperationTimeoutException if no answer came in time
     */
    public JsonNode getJson(String path, Map<String, ?> query, Duration timeout) {
        HttpRequest request = newRequest(uri(path, query), timeout).GET().build();
        return readJson(request, send(request, HttpResponse.BodyHandlers.ofByteArray(), true, timeout));
    }

    /**
     * Sends a JSON body ({@code POST}, {@code PATCH}, {@code DELETE}).
     *
     * @param method the HTTP method
     * @param path the path below the base URL
     * @param body the body, serialized with Jackson
     * @param idempotent whether the call may be retried
     * @param timeout the longest wait for the answer
     * @return the parsed body ({@code {}} for an empty one)
     */
    public JsonNode sendJson(String method, String path, Object body, boolean idempotent, Duration timeout) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new TangoException("cannot serialize the body of " + method + " " + path + ": " + e.getMessage(), e);
        }
        HttpRequest request = newRequest(uri(path, Map.of()), timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return readJson(request, send(request, HttpResponse.BodyHandlers.ofByteArray(), idempotent, timeout));
    }

    /**
     * @param uri the full URI
     * @param timeout the request's timeout
     * @return a request builder with the {@code Authorization} header set, when there are credentials
     */
    public HttpRequest.Builder newRequest(URI uri, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        credentials.authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    /**
     * Sends a request and returns the answer whatever its status.
     *
     * <p>{@code timeout} bounds the whole call: every attempt, the waits between them and the reading of the body
     * (unless the body is streamed: an {@code InputStream} body is the caller's to read). Idempotent calls are retried
     * (Failsafe: exponential backoff with {@linkplain #JITTER jitter}, at most {@code maxRetries} more attempts, never
     * past the timeout) on connection errors, on 429 (waiting at least its {@code Retry-After}; one asking to wait
     * past the timeout is answered at once) and on 5xx. Other calls are sent once. A streamed body of an answer
     * that is retried is closed.
     *
     * @param request the request
     * @param handler how to read the body
     * @param idempotent whether the call may be retried
     * @param timeout the longest the whole call may take
     * @param <T> the body type
     * @return the last answer
     * @throws RemoteServiceException if the server could not be reached
     * @throws OperationTimeoutException if the server did not answer in time
     */
    public <T> HttpResponse<T> send(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent, Duration timeout) {
        requireNonNull(request, "request is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(timeout, "timeout is null");
        String call = request.method() + " " + request.uri().getRawPath();
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Outcome<T>> last = new AtomicReference<>();
        Outcome<T> outcome;
        try {
            RetryPolicy<Outcome<T>> policy = retryPolicy(call, idempotent, timeout, deadline);
            outcome = Failsafe.with(policy).get(() -> {
                Outcome<T> attempt = attempt(request, handler, call, timeout, deadline, attempts.incrementAndGet(),
                        last.get());
                last.set(attempt);
                return attempt;
            });
        } catch (FailsafeException e) {
            // Only an interrupt while waiting between attempts gets here: attempts throw unchecked errors only.
            Thread.currentThread().interrupt();
            throw new TangoException("interrupted while waiting for " + serviceName + " to answer " + call,
                    e.getCause() != null ? e.getCause() : e);
        }
        if (outcome instanceof Broken<T> broken) {
            throw new RemoteServiceException(serviceName, null, null, true, "cannot reach it for " + call + ": "
                    + describe(broken.error()) + (attempts.get() > 1 ? " (after " + attempts.get() + " attempts)" : ""),
                    broken.error());
        }
        HttpResponse<T> response = ((Answer<T>) outcome).response();
        LOG.debug("{} on {} answered HTTP {} (attempt {})", call, serviceName, response.statusCode(), attempts.get());
        return response;
    }

    /** What one attempt ended with, when it did not throw: an answer, or a broken connection. */
    sealed interface Outcome<T> {}

    private record Answer<T>(HttpResponse<T> response) implements Outcome<T> {}

    private record Broken<T>(IOException error) implements Outcome<T> {}

    <T> RetryPolicy<Outcome<T>> retryPolicy(String call, boolean idempotent, Duration timeout, long deadline) {
        RetryPolicyBuilder<Outcome<T>> builder = RetryPolicy.<Outcome<T>>builder()
                .handleIf((outcome, failure) -> failure == null && retriable(outcome))
                .withMaxRetries(idempotent && timeout.compareTo(retry.initialDelay()) > 0 ? retry.maxRetries() : 0)
                .withMaxDuration(timeout);
        if (retry.initialDelay().compareTo(retry.maxDelay()) < 0) {
            builder.withBackoff(retry.initialDelay(), retry.maxDelay());
        } else {
            builder.withDelay(retry.initialDelay());
        }
        return builder
                .withJitter(JITTER)
                // Failsafe varies every delay by the jitter: divided by (1 - JITTER), a Retry-After is never cut short.
                .withDelayFn(context -> retryAfter(context.getLastResult())
                        .map(delay -> Duration.ofNanos((long) Math.ceil(delay.toNanos() / (1 - JITTER))))
                        .orElse(Duration.ofMillis(-1)))
                // A 429 asking to wait past the timeout is reported at once rather than waited on in vain.
                .abortIf((outcome, failure) -> retryAfter(outcome)
                        .filter(delay -> delay.toNanos() >= deadline - System.nanoTime())
                        .isPresent())
                .onRetry(event -> {
                    Outcome<T> previous = event.getLastResult();
                    if (previous instanceof Answer<T> answer) {
                        closeBody(answer.response().body());
                    }
                    LOG.debug("Retrying {} on {} (attempt {}) after {}", call, serviceName, event.getAttemptCount() + 1,
                            describe(previous));
                })
                .build();
    }

    private static boolean retriable(Outcome<?> outcome) {
        return outcome instanceof Broken<?> || (outcome instanceof Answer<?> answer
                && isRetriableStatus(answer.response().statusCode()));
    }

    private <T> Outcome<T> attempt(HttpRequest template, HttpResponse.BodyHandler<T> handler, String call,
            Duration timeout, long deadline, int attempt, Outcome<T> previous) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(call, timeout, attempt - 1, previous, null);
        }
        HttpRequest request = HttpRequest.newBuilder(template, (name, value) -> true)
                .timeout(Duration.ofNanos(remaining))
                .build();
        CompletableFuture<HttpResponse<T>> future = client.sendAsync(request, handler);
        try {
            return new Answer<>(future.get(remaining, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            // No answer, or an answer dripping in: give up on it and free its connection.
            future.cancel(true);
            throw timedOut(call, timeout, attempt, previous, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TangoException("interrupted while waiting for " + serviceName + " to answer " + call, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            TangoException typed = typedCause(cause);
            if (typed != null) {
                // A body handler refused the answer (e.g. over a size cap): that is final.
                throw typed;
            }
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                throw timedOut(call, timeout, attempt, previous, cause);
            }
            if (cause instanceof IOException io) {
                return new Broken<>(io);
            }
            throw new RemoteServiceException(serviceName, null, null, false,
                    "cannot complete " + call + ": " + describe(cause), cause);
        }
    }

    private static TangoException typedCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TangoException typed) {
                return typed;
            }
        }
        return null;
    }

    private OperationTimeoutException timedOut(
            String call, Duration timeout, int attempts, Outcome<?> previous, Throwable cause) {
        String message = serviceName + " did not answer " + call + " within " + timeout;
        if (previous != null) {
            message += " (" + attempts + " attempts; the last before the timeout: " + describe(previous) + ")";
        }
        return new OperationTimeoutException(message, timeout, cause);
    }

    private static String describe(Outcome<?> outcome) {
        if (outcome instanceof Answer<?> answer) {
            return "HTTP " + answer.response().statusCode();
        }
        return outcome instanceof Broken<?> broken ? describe(broken.error()) : "nothing";
    }

    /** The delay a 429 or 503 asks for in {@code Retry-After} (seconds, or an HTTP date), if any. */
    private static Optional<Duration> retryAfter(Outcome<?> outcome) {
        return outcome instanceof Answer<?> answer ? retryAfter(answer.response()) : Optional.empty();
    }

    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String text = header.get();
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    private JsonNode readJson(HttpRequest request, HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw error(request.method() + " " + request.uri().getRawPath(), response.statusCode(), response.body());
        }
        byte[] body = response.body();
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                return json.createObjectNode();
            }
            return node;
        } catch (IOException e) {
            // The parser's message quotes the body; it is left out, as the body may echo a secret.
            throw notJson(request.method() + " " + request.uri().getRawPath(), response, body);
        }
    }

    /**
     * @param call the call, e.g. {@code GET /version}
     * @param response the 2xx answer whose body is not what was expected
     * @param body its body
     * @return a non-retriable error saying what came instead, with an excerpt of the body (secrets masked)
     */
    public RemoteServiceException notJson(String call, HttpResponse<?> response, byte[] body) {
        String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String excerpt = text.length() <= MAX_BODY_EXCERPT ? text : text.substring(0, MAX_BODY_EXCERPT) + "…";
        return new RemoteServiceException(serviceName, response.statusCode(), null, false, "the answer to " + call
                + " is not JSON (" + type + ", " + body.length + " bytes): " + redact(excerpt));
    }

    /**
     * @param text any text that came from the server
     * @return it with every secret of this client's credentials (a token, a password, a Basic header) masked
     */
    public String redact(String text) {
        return credentials.redact(text);
    }

    /**
     * Reads an error answer: MLflow's {@code {"error_code": ..., "message": ...}} when the body is that, else its text.
     *
     * @param call the call that failed, e.g. {@code GET /api/2.0/mlflow/registered-models/get}
     * @param status the HTTP status
     * @param body the answer's body
     * @return the exception to throw; retriable for 429 and 5xx
     */
    public RemoteServiceException error(String call, int status, byte[] body) {
        String code = null;
        String message = null;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                code = node.path("error_code").isTextual() ? node.get("error_code").asText() : null;
                message = node.path("message").isTextual() ? node.get("message").asText() : null;
            }
        } catch (IOException e) {
            // not JSON: the text itself is the message
        }
        if (message == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message = text.isEmpty() ? "no message" : truncate(credentials.redact(text));
        }
        return new RemoteServiceException(serviceName, status, code == null ? null : redact(code),
                isRetriableStatus(status), redact(message) + " (" + call + ")");
    }

    static boolean isRetriableStatus(int status) {
        return status == 429 || status >= 500;
    }

    private static void closeBody(Object body) {
        if (body instanceof InputStream stream) {
            closeQuietly(stream);
        } else if (body instanceof Closeable closeable) {
            closeQuietly(closeable);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("Closing a discarded answer failed", e);
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "…";
    }

    /**
     * @param text a path segment or query value
     * @return it, URL-encoded (spaces as {@code %20})
     */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Stops this client's threads; calls in flight fail. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        // Java 21 made HttpClient closeable; on 17 its selector thread ends once the client is unreachable.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the HTTP client of {} failed", serviceName, e);
            }
        }
    }

    @Override
    public String toString() {
        return "MlflowHttp[" + serviceName + ", " + credentials + "]";
    }
}
