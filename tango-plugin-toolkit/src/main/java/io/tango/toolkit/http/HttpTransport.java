package io.tango.toolkit.http;

import io.tango.toolkit.text.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.toolkit.redact.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * HTTP to one remote service over the JDK client: authentication, one deadline per call, retries, capped answers and
 * one message format for every failure.
 *
 * <ul>
 *   <li>The call's timeout bounds the whole call: connecting, every attempt, the waits between them and the last byte
 *       of the body (unless the caller streams the body itself). It ends in an {@link OperationTimeoutException}
 *       "{@code <service> did not answer GET /x within 30s}".</li>
 *   <li>Idempotent calls are retried (exponential backoff with {@linkplain #JITTER jitter}, at most
 *       {@link RetrySettings#maxRetries()} more attempts, never past the deadline) on a broken or refused connection
 *       and on the {@linkplain #isRetriableStatus retriable statuses}, waiting at least a 429's or 503's
 *       {@code Retry-After} (one asking to wait past the deadline is reported at once). Other calls are sent once,
 *       unless the connection was refused (then nothing was sent).</li>
 *   <li>Answers read by {@link #exchange} and the JSON methods are capped at {@link HttpSettings#maxResponseSize()}:
 *       one byte more fails the call with a {@link RemoteServiceException} naming the cap and its option.</li>
 *   <li>An error answer becomes a {@link RemoteServiceException} "{@code <service> answered HTTP 503 CODE: message
 *       (GET /x)}", its code and message read by the service's {@link RemoteErrorReader}; an unreachable service
 *       "{@code <service> failed: cannot reach it for GET /x: …}". Retriable exactly when the call would be retried.</li>
 *   <li>Credentials go only into their header; nothing here logs headers, and everything a server sends back is
 *       masked by a {@link Redactor} (before it is cut) before it is put into a message.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} stops its threads.
 */
public final class HttpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    /** The most characters of an error answer's text a message quotes. */
    public static final int MAX_ERROR_TEXT = 2000;
    /** The most characters of an unexpected answer's body a message quotes. */
    public static final int MAX_BODY_EXCERPT = 200;
    /** Randomly varies each backoff delay by up to this fraction, so clients that failed together retry apart. */
    public static final double JITTER = 0.2;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI baseUri;
    private final HttpAuth auth;
    private final HttpSettings settings;
    private final String serviceName;
    private final RemoteErrorReader errors;
    private final Redactor redactor;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param serviceName how messages name the service, e.g. {@code MLflow at http://127.0.0.1:5000} (no credentials)
     * @param baseUri the service's base URL; paths are appended to it
     * @param auth how requests authenticate
     * @param settings timeouts, retries and the size cap
     * @param errors how the service's error bodies read
     * @param threadPrefix the name prefix of this transport's threads, e.g. {@code tango-mlflow-http-}
     */
    public HttpTransport(String serviceName, URI baseUri, HttpAuth auth, HttpSettings settings,
            RemoteErrorReader errors, String threadPrefix) {
        this.serviceName = Redactor.stripUrlPasswords(requireNonNull(serviceName, "serviceName is null"));
        this.baseUri = stripTrailingSlash(requireNonNull(baseUri, "baseUri is null"));
        this.auth = requireNonNull(auth, "auth is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.redactor = Redactor.of(auth.secrets());
        String prefix = requireNonNull(threadPrefix, "threadPrefix is null") + CLIENTS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** @return the service's base URL */
    public URI baseUri() {
        return baseUri;
    }

    /** @return how messages name the service */
    public String serviceName() {
        return serviceName;
    }

    /** @return the settings */
    public HttpSettings settings() {
        return settings;
    }

    /** @return the JSON mapper bodies are read and written with */
    public ObjectMapper json() {
        return json;
    }

    /**
     * @param path a path below the base URL, starting with {@code /}, already encoded
     * @param query query parameters; a collection value repeats the parameter
     * @return the full URI
     */
    public URI uri(String path, Map<String, ?> query) {
        StringBuilder text = new StringBuilder(baseUri.toString()).append(requireNonNull(path, "path is null"));
        if (!query.isEmpty()) {
            StringJoiner parameters = new StringJoiner("&", "?", "");
            query.forEach((name, value) -> {
                Collection<?> values = value instanceof Collection<?> many ? many : List.of(value);
                for (Object single : values) {
                    parameters.add(encode(name) + "=" + encode(String.valueOf(single)));
                }
            });
            text.append(parameters);
        }
        return URI.create(text.toString());
    }

    /**
     * @param uri the full URI
     * @param timeout the call's timeout
     * @return a request builder with the authentication header set
     */
    public HttpRequest.Builder newRequest(URI uri, Duration timeout) {
        return auth.apply(HttpRequest.newBuilder(uri).timeout(timeout));
    }

    /**
     * GETs a JSON document; retried.
     *
     * @param path the path below the base URL
     * @param query the query parameters
     * @param timeout the longest the call may take
     * @return the parsed body ({@code {}} for an empty one)
     * @throws RemoteServiceException for an error answer, one that is not JSON or over the cap, or no connection
     * @throws OperationTimeoutException if no answer came in time
     */
    public JsonNode getJson(String path, Map<String, ?> query, Duration timeout) {
        HttpRequest request = newRequest(uri(path, query), timeout).GET().build();
        return readJson(request, exchange(request, true, timeout));
    }

    /**
     * Sends a JSON body ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}).
     *
     * @param method the HTTP method
     * @param path the path below the base URL
     * @param body the body, serialized with Jackson
     * @param idempotent whether the call may be retried
     * @param timeout the longest the call may take
     * @return the parsed body ({@code {}} for an empty one)
     * @throws RemoteServiceException for an error answer, one that is not JSON or over the cap, or no connection
     * @throws OperationTimeoutException if no answer came in time
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
        return readJson(request, exchange(request, idempotent, timeout));
    }

    /**
     * Sends a request and reads the answer's body into memory, at most {@link HttpSettings#maxResponseSize()} bytes.
     *
     * @param request the request
     * @param idempotent whether the call may be retried
     * @param timeout the longest the call may take, the body's last byte included
     * @return the last answer, whatever its status
     * @throws RemoteServiceException if the body is over the cap or the service could not be reached
     * @throws OperationTimeoutException if the service did not answer in time
     */
    public HttpResponse<byte[]> exchange(HttpRequest request, boolean idempotent, Duration timeout) {
        String call = call(request);
        return send(request, info -> CappedBodySubscriber.toBytes(settings.maxResponseSize(),
                () -> tooLarge(call, info.statusCode())), idempotent, timeout);
    }

    /**
     * Sends a request and returns the answer whatever its status. The caller's {@code handler} decides how the body is
     * read; a streamed body ({@code InputStream}) is the caller's to read and close, and outside the deadline.
     *
     * @param request the request
     * @param handler how to read the body
     * @param idempotent whether the call may be retried
     * @param timeout the longest the call may take
     * @param <T> the body type
     * @return the last answer
     * @throws RemoteServiceException if the service could not be reached
     * @throws OperationTimeoutException if the service did not answer in time
     * @throws TangoException the handler's own typed error (e.g. a size cap), as it is
     */
    public <T> HttpResponse<T> send(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent, Duration timeout) {
        return sendCounted(request, handler, idempotent, timeout).response();
    }

    /**
     * An answer, and how many attempts the call made to get it.
     *
     * @param response the last answer
     * @param attempts the attempts made, 1 when the call was not retried
     * @param <T> the body type
     */
    public record Counted<T>(HttpResponse<T> response, int attempts) {}

    /**
     * Like {@link #send}, for a service whose messages say how many attempts an answer took.
     *
     * @param request the request
     * @param handler how to read the body
     * @param idempotent whether the call may be retried
     * @param timeout the longest the call may take
     * @param <T> the body type
     * @return the last answer and the number of attempts made
     * @throws RemoteServiceException if the service could not be reached
     * @throws OperationTimeoutException if the service did not answer in time
     * @throws TangoException the handler's own typed error (e.g. a size cap), as it is
     */
    public <T> Counted<T> sendCounted(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent, Duration timeout) {
        requireNonNull(request, "request is null");
        requireNonNull(handler, "handler is null");
        requireNonNull(timeout, "timeout is null");
        String call = call(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Outcome<T>> last = new AtomicReference<>();
        Outcome<T> outcome;
        try {
            RetryPolicy<Outcome<T>> policy = idempotent
                    ? retryPolicy(call, true, timeout, deadline)
                    : policy(call, HttpTransport::refused, settings.retry().maxRetries(), timeout, deadline);
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
        return new Counted<>(response, attempts.get());
    }

    /** What one attempt ended with, when it did not throw: an answer, or a broken connection. */
    public sealed interface Outcome<T> {}

    private record Answer<T>(HttpResponse<T> response) implements Outcome<T> {}

    private record Broken<T>(IOException error) implements Outcome<T> {}

    /**
     * The retry policy of a call's answers, exposed so tests can check its settings.
     *
     * @param call the call, for logs
     * @param idempotent whether the call may be retried; a non-idempotent call's policy retries nothing
     * @param timeout the call's timeout
     * @param deadline {@link System#nanoTime()} at the deadline
     * @param <T> the body type
     * @return the policy
     */
    public <T> RetryPolicy<Outcome<T>> retryPolicy(String call, boolean idempotent, Duration timeout, long deadline) {
        return policy(call, HttpTransport::retriable, idempotent ? settings.retry().maxRetries() : 0, timeout, deadline);
    }

    private <T> RetryPolicy<Outcome<T>> policy(
            String call, Predicate<Outcome<?>> retriable, int maxRetries, Duration timeout, long deadline) {
        RetrySettings retry = settings.retry();
        RetryPolicyBuilder<Outcome<T>> builder = RetryPolicy.<Outcome<T>>builder()
                .handleIf((outcome, failure) -> failure == null && retriable.test(outcome))
                .withMaxRetries(timeout.compareTo(retry.initialDelay()) > 0 ? maxRetries : 0)
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
                // A Retry-After asking to wait past the deadline is reported at once rather than waited on in vain.
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

    /**
     * The one set of statuses a call is retried on, and reported retriable for: 429, 500, 502, 503 and 504. (Not 501,
     * which says the service will never do it.)
     *
     * @param status an HTTP status
     * @return whether the same call may succeed later
     */
    public static boolean isRetriableStatus(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static boolean retriable(Outcome<?> outcome) {
        return outcome instanceof Broken<?> || (outcome instanceof Answer<?> answer
                && isRetriableStatus(answer.response().statusCode()));
    }

    /** A refused connection: nothing was sent, so even a non-idempotent call may be tried again. */
    private static boolean refused(Outcome<?> outcome) {
        if (outcome instanceof Broken<?> broken) {
            for (Throwable cause = broken.error(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException && !(cause instanceof HttpConnectTimeoutException)) {
                    return true;
                }
            }
        }
        return false;
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
            // The request's timeout is what is left of the call's. Where that is shorter than connect_timeout, a
            // connect that timed out was cut by the call's deadline; otherwise it is a broken connection.
            if (cause instanceof HttpTimeoutException && (!(cause instanceof HttpConnectTimeoutException)
                    || remaining < settings.connectTimeout().toNanos())) {
                throw timedOut(call, timeout, attempt, previous, cause);
            }
            // The JDK's request timer is set to the deadline; when it fires while an answer's body is being read it
            // closes the connection, and the body's reader may report that close ("fixed content-length: 62, bytes
            // received: 0") before the timer's own HttpTimeoutException arrives. Past the deadline, a broken
            // connection is the call running out of time.
            if (cause instanceof IOException && deadline - System.nanoTime() <= 0) {
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
        String message = serviceName + " did not answer " + call + " within " + Durations.format(timeout);
        if (previous != null) {
            message += " (" + attempts + " attempts; the last before the timeout: " + describe(previous) + ")";
        }
        return new OperationTimeoutException(message, timeout, cause);
    }

    private RemoteServiceException tooLarge(String call, int status) {
        return new RemoteServiceException(serviceName, status, null, false, "the answer to " + call
                + " is over the size cap of " + settings.maxResponseSize() + " bytes; raise the option "
                + HttpOptions.MAX_RESPONSE_SIZE.key() + " to accept it");
    }

    private String describe(Outcome<?> outcome) {
        if (outcome instanceof Answer<?> answer) {
            return "HTTP " + answer.response().statusCode();
        }
        return outcome instanceof Broken<?> broken ? describe(broken.error()) : "nothing";
    }

    private static Optional<Duration> retryAfter(Outcome<?> outcome) {
        return outcome instanceof Answer<?> answer ? RetryAfter.of(answer.response()) : Optional.empty();
    }

    private String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : " " + redactor.mask(message));
    }

    /**
     * @param request the request that was answered
     * @param response its answer
     * @return the answer's JSON body ({@code {}} for an empty one)
     * @throws RemoteServiceException for an error answer ({@link #error}) or one that is not JSON ({@link #notJson})
     */
    public JsonNode readJson(HttpRequest request, HttpResponse<byte[]> response) {
        String call = call(request);
        if (response.statusCode() / 100 != 2) {
            throw error(call, response.statusCode(), response.body());
        }
        byte[] body = response.body();
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null || node.isMissingNode() ? json.createObjectNode() : node;
        } catch (IOException e) {
            // The parser's message quotes the body; it is left out, as the body may echo a secret.
            throw notJson(call, response, body);
        }
    }

    /**
     * @param call the call, e.g. {@code GET /version}
     * @param response the 2xx answer whose body is not what was expected
     * @param body its body
     * @return a non-retriable error saying what came instead, with an excerpt of the body (masked, then cut)
     */
    public RemoteServiceException notJson(String call, HttpResponse<?> response, byte[] body) {
        String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
        return new RemoteServiceException(serviceName, response.statusCode(), null, false, "the answer to " + call
                + " is not JSON (" + type + ", " + body.length + " bytes): "
                + redactor.excerpt(new String(body, StandardCharsets.UTF_8), MAX_BODY_EXCERPT));
    }

    /**
     * Reads an error answer: the code and message the service's {@link RemoteErrorReader} finds, else its text
     * (masked, then cut to {@value #MAX_ERROR_TEXT} characters).
     *
     * @param call the call that failed, e.g. {@code GET /api/2.0/mlflow/registered-models/get}
     * @param status the HTTP status
     * @param body the answer's body
     * @return the exception to throw; retriable for the {@linkplain #isRetriableStatus retriable statuses}
     */
    public RemoteServiceException error(String call, int status, byte[] body) {
        Optional<RemoteErrorReader.RemoteError> remote;
        try {
            remote = errors.read(body, json);
        } catch (RuntimeException e) {
            remote = Optional.empty();
        }
        String code = remote.map(RemoteErrorReader.RemoteError::code).orElse(null);
        String message = remote.map(RemoteErrorReader.RemoteError::message)
                .orElseGet(() -> new String(body, StandardCharsets.UTF_8));
        message = redactor.excerpt(message, MAX_ERROR_TEXT);
        return new RemoteServiceException(serviceName, status, code == null ? null : redactor.mask(code),
                isRetriableStatus(status), (message.isEmpty() ? "no message" : message) + " (" + call + ")");
    }

    /**
     * @param text any text that came from the service
     * @return it with every secret of this transport's credentials and every URL password masked
     */
    public String redact(String text) {
        return redactor.mask(text);
    }

    /**
     * @param request a request
     * @return how messages name it: its method and path, e.g. {@code GET /version}
     */
    public static String call(HttpRequest request) {
        return request.method() + " " + request.uri().getRawPath();
    }

    /**
     * @param text a path segment or query value
     * @return it, URL-encoded (spaces as {@code %20})
     */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * @param uri a URL
     * @return it without trailing {@code /}
     */
    public static URI stripTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void closeBody(Object body) {
        if (body instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("Closing a discarded answer failed", e);
            }
        }
    }

    /** Stops this transport's threads; calls in flight fail. Idempotent. */
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
        return "HttpTransport[" + serviceName + ", " + auth + "]";
    }
}
