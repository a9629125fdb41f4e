package io.tango.plugin.devo.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.tango.api.OperationTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP layer of a client (Python: {@code api.py}): adds the auth header, applies the timeout, retries what is safe
 * to retry, decodes JSON, and turns every non-2xx answer and every transport failure into a typed error.
 *
 * <p>As in the Python client: only 2xx is success; an empty body decodes to {@code null}; an error body
 * {@code {"code", "msg"}} becomes a {@link ModelManagerException} with that code and message (code 5: a
 * {@link TokenException}), any other error body a code-0 "Unexpected error". Unlike Python's requests:
 * <ul>
 *   <li>redirects are not followed, so the token is never sent to another URL;</li>
 *   <li>the timeout bounds the whole call, from sending the request to the last byte of the answer, retries and
 *       their delays included; when it runs out the call ends with an {@link OperationTimeoutException};</li>
 *   <li>a GET is retried (Failsafe: exponential backoff with jitter, {@code maxRetries} at most, never past the
 *       timeout) when the connection fails or breaks, and on HTTP 429 (waiting at least its {@code Retry-After}; when
 *       that is past the timeout, the 429 is reported at once), 500, 502, 503 and 504; a POST (upload, create) is
 *       retried only when the connection could not be established, since the server never saw it;</li>
 *   <li>a 2xx answer whose body is not JSON (an HTML page, truncated JSON) is an error, where Python returns
 *       {@code None};</li>
 *   <li>an answer larger than {@code maxResponseSize} is refused ({@link ModelDownloadException}) without being
 *       read further.</li>
 * </ul>
 * Thread-safe.
 */
final class ModelManagerHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManagerHttp.class);
    /** Randomly varies each backoff delay by up to this fraction, so clients that failed together retry apart. */
    private static final double JITTER = 0.2;

    private final String service;
    private final AuthType authType;
    private final String token;
    private final Duration timeout;
    private final RetrySettings retries;
    private final long maxResponseSize;
    private final String notFoundHint;
    private final ObjectMapper mapper;
    private final ExecutorService executor;
    private final HttpClient http;

    ModelManagerHttp(String service, AuthType authType, String token, Duration timeout, RetrySettings retries,
            long maxResponseSize, String notFoundHint, ObjectMapper mapper) {
        this.service = requireNonNull(service, "service is null");
        this.authType = requireNonNull(authType, "authType is null");
        this.token = requireNonNull(token, "token is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.retries = requireNonNull(retries, "retries is null");
        this.maxResponseSize = maxResponseSize;
        this.notFoundHint = requireNonNull(notFoundHint, "notFoundHint is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.executor = Executors.newCachedThreadPool(daemonThreads("tango-devo-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    String service() {
        return service;
    }

    JsonNode get(URI uri) {
        return send(request(uri).GET(), true);
    }

    JsonNode postJson(URI uri, Object body) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode the request body as JSON: " + e.getOriginalMessage(), e);
        }
        return send(request(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)), false);
    }

    JsonNode postMultipart(URI uri, MultipartBody body) {
        return send(request(uri)
                .header("Content-Type", body.contentType())
                .POST(body.publisher()), false);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header(authType.headerName(), authType.headerValue(token));
    }

    /** What one attempt ended with, when it did not throw: an answer, or a broken connection. */
    private sealed interface Outcome {
        boolean retriable(boolean idempotent);
    }

    private record Answer(HttpResponse<byte[]> response) implements Outcome {
        @Override
        public boolean retriable(boolean idempotent) {
            int status = response.statusCode();
            return idempotent && (status == 429 || status == 500 || status == 502 || status == 503 || status == 504);
        }
    }

    private record BrokenConnection(IOException error) implements Outcome {
        @Override
        public boolean retriable(boolean idempotent) {
            // A refused connection never reached the server, so even a POST may be sent again.
            return idempotent || error instanceof ConnectException;
        }
    }

    private JsonNode send(HttpRequest.Builder builder, boolean idempotent) {
        HttpRequest template = builder.copy().build();
        String call = template.method() + " " + template.uri();
        LOG.debug("{}: {}", service, call);
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Outcome> last = new AtomicReference<>();
        Outcome outcome;
        try {
            outcome = Failsafe.with(retryPolicy(idempotent, deadline)).get(() -> {
                Outcome attempt = attempt(builder, call, deadline, attempts.incrementAndGet(), last.get());
                last.set(attempt);
                return attempt;
            });
        }
        catch (FailsafeException e) {
            // Only an interrupt while waiting between attempts gets here: attempts throw unchecked errors only.
            Thread.currentThread().interrupt();
            throw new ModelManagerException(service, null, 0, "interrupted while retrying " + call, "", e.getCause());
        }
        String tries = attempts.get() > 1 ? "after " + attempts.get() + " attempts" : "";
        if (outcome instanceof BrokenConnection broken) {
            throw new ModelManagerException(service, null, 0, "cannot " + call + ": " + broken.error(), tries,
                    broken.error());
        }
        HttpResponse<byte[]> response = ((Answer) outcome).response();
        int status = response.statusCode();
        LOG.debug("{}: {} answered HTTP {}{}", service, call, status, tries.isEmpty() ? "" : " " + tries);
        if (status >= 200 && status < 300) {
            return decodeSuccess(call, response);
        }
        String hint = retryAfter(response)
                .map(delay -> "retry after " + delay.toSeconds() + " s" + (tries.isEmpty() ? "" : ", " + tries))
                .orElse(tries);
        throw error(status, decodeQuietly(response.body()), response.headers().firstValue("Location").orElse(""), hint);
    }

    private RetryPolicy<Outcome> retryPolicy(boolean idempotent, long deadline) {
        RetryPolicyBuilder<Outcome> policy = RetryPolicy.<Outcome>builder()
                .handleIf((outcome, failure) -> outcome != null && outcome.retriable(idempotent))
                .withMaxRetries(retries.maxRetries())
                .withBackoff(retries.initialDelay(), retries.maxDelay())
                .withJitter(JITTER)
                // Failsafe varies every delay by the jitter: divided by (1 - JITTER), a Retry-After is never cut short.
                .withDelayFn(context -> retryAfter(context.getLastResult())
                        .map(delay -> Duration.ofNanos((long) Math.ceil(delay.toNanos() / (1 - JITTER))))
                        .orElse(Duration.ofMillis(-1)))
                // A 429 asking to wait past the timeout is reported at once rather than waited on in vain.
                .abortIf((outcome, failure) -> retryAfter(outcome)
                        .filter(delay -> delay.toNanos() >= deadline - System.nanoTime())
                        .isPresent());
        if (timeout.compareTo(retries.initialDelay()) > 0) {
            policy.withMaxDuration(timeout);
        } else {
            policy.withMaxRetries(0);
        }
        return policy.build();
    }

    private Outcome attempt(HttpRequest.Builder builder, String call, long deadline, int attempt, Outcome previous) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(call, attempt - 1, previous, null);
        }
        if (attempt > 1) {
            LOG.debug("{}: {} attempt {} after {}", service, call, attempt, describe(previous));
        }
        HttpRequest request = builder.copy().timeout(Duration.ofNanos(remaining)).build();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new CappedBodySubscriber(maxResponseSize));
        try {
            return new Answer(future.get(remaining, TimeUnit.NANOSECONDS));
        }
        catch (TimeoutException e) {
            // A slow answer (headers in time, body dripping): give up on it and free its connection.
            future.cancel(true);
            throw timedOut(call, attempt, previous, e);
        }
        catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelManagerException(service, null, 0, "interrupted while waiting for " + call, "", e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (causes(cause, CappedBodySubscriber.TooLargeException.class)) {
                throw new ModelDownloadException(service + " answered " + call + " with more than " + maxResponseSize
                        + " bytes, the most this client reads (see max_download_size); nothing was written", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(call, attempt, previous, cause);
            }
            if (cause instanceof IOException io) {
                return new BrokenConnection(io);
            }
            throw new ModelManagerException(service, null, 0, "cannot " + call + ": " + cause, "", cause);
        }
    }

    private static boolean causes(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private OperationTimeoutException timedOut(String call, int attempts, Outcome previous, Throwable cause) {
        String message = service + " did not answer " + call + " within " + timeout.toMillis() + " ms";
        if (previous != null) {
            message += " (" + attempts + " attempts; the last before the timeout: " + describe(previous) + ")";
        }
        return new OperationTimeoutException(message, timeout, cause);
    }

    private static String describe(Outcome outcome) {
        return outcome instanceof Answer answer ? "HTTP " + answer.response().statusCode()
                : String.valueOf(((BrokenConnection) outcome).error());
    }

    /** The delay a 429 or 503 asks for in {@code Retry-After} (seconds, or an HTTP date), if any. */
    private static Optional<Duration> retryAfter(Outcome outcome) {
        return outcome instanceof Answer answer ? retryAfter(answer.response()) : Optional.empty();
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong seconds = parseSeconds(header.get());
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(seconds.getAsLong()));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong parseSeconds(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text));
    }

    private JsonNode decodeSuccess(String call, HttpResponse<byte[]> response) {
        byte[] body = response.body();
        try {
            return parse(body);
        }
        catch (IOException e) {
            String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
            throw new ModelManagerException(service, response.statusCode(), 0, "the answer to " + call
                    + " is not JSON (" + type + ", " + body.length + " bytes)",
                    "check that the URL is the ML Model Manager's and that no proxy answers in its place", null);
        }
    }

    private JsonNode decodeQuietly(byte[] body) {
        try {
            return parse(body);
        }
        catch (IOException e) {
            return null;
        }
    }

    /** @return the JSON of a body, or null for an empty body or a JSON null */
    private JsonNode parse(byte[] body) throws IOException {
        if (body.length == 0) {
            return null;
        }
        JsonNode node = mapper.readTree(body);
        return node == null || node.isMissingNode() || node.isNull() ? null : node;
    }

    private ModelManagerException error(int status, JsonNode body, String location, String retryHint) {
        String hint = status == 404 ? notFoundHint : retryHint;
        if (status >= 300 && status < 400) {
            hint = "the server redirects to '" + location + "'; configure that URL: redirects are not followed so that"
                    + " the token is never sent elsewhere";
        }
        if (body != null && body.isObject()) {
            JsonNode codeNode = body.get("code");
            int code = codeNode != null && codeNode.canConvertToInt() ? codeNode.asInt() : 0;
            if (code == TokenException.CODE) {
                return new TokenException(service, status);
            }
            JsonNode msgNode = body.get("msg");
            String msg = msgNode == null ? "Unexpected error" : msgNode.isNull() ? "" : msgNode.asText();
            // A server (or a proxy before it) may echo the credentials it rejected: never pass the token on.
            return new ModelManagerException(service, status, code, token.isEmpty() ? msg : msg.replace(token, "****"),
                    hint, null);
        }
        return new ModelManagerException(service, status, 0, "Unexpected error", hint, null);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        // Java 21 made HttpClient closeable; on 17 its selector thread ends once the client is unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                LOG.debug("{}: closing the HTTP client failed", service, e);
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
