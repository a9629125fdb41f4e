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
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * HTTP to one MLflow server (a tracking server or a scoring server): authentication, a timeout on every call,
 * retries with exponential backoff for idempotent calls on connection errors, 429 and 5xx, and MLflow's JSON error
 * body read into a {@link RemoteServiceException} carrying the {@code error_code}.
 *
 * <p>Credentials go only into the {@code Authorization} header; nothing here logs headers. Thread-safe.
 */
public final class MlflowHttp {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowHttp.class);
    private static final int MAX_ERROR_TEXT = 2000;

    private final URI baseUri;
    private final MlflowCredentials credentials;
    private final RetrySettings retry;
    private final String serviceName;
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
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NEVER)
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
     * Sends a request and returns the answer whatever its status; retries idempotent calls on connection errors,
     * 429 and 5xx. A streamed body of an answer that is retried is closed.
     *
     * @param request the request
     * @param handler how to read the body
     * @param idempotent whether the call may be retried
     * @param timeout the request's timeout, for the error message
     * @param <T> the body type
     * @return the last answer
     * @throws RemoteServiceException if the server could not be reached
     * @throws OperationTimeoutException if the server did not answer in time
     */
    public <T> HttpResponse<T> send(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent, Duration timeout) {
        String call = request.method() + " " + request.uri().getRawPath();
        RetryPolicyBuilder<HttpResponse<T>> builder = RetryPolicy.<HttpResponse<T>>builder()
                .handleIf((response, failure) -> failure != null
                        ? isConnectionError(failure)
                        : isRetriableStatus(response.statusCode()))
                .abortOn(InterruptedException.class)
                .withMaxRetries(idempotent ? retry.maxRetries() : 0);
        if (retry.initialDelay().compareTo(retry.maxDelay()) < 0) {
            builder.withBackoff(retry.initialDelay(), retry.maxDelay());
        } else {
            builder.withDelay(retry.initialDelay());
        }
        RetryPolicy<HttpResponse<T>> policy = builder
                .onRetry(event -> {
                    HttpResponse<T> previous = event.getLastResult();
                    if (previous != null) {
                        closeBody(previous.body());
                    }
                    LOG.debug("Retrying {} on {} (attempt {}): {}", call, serviceName, event.getAttemptCount() + 1,
                            previous != null ? "HTTP " + previous.statusCode() : String.valueOf(event.getLastException()));
                })
                .build();
        try {
            HttpResponse<T> response = Failsafe.with(policy).get(() -> client.send(request, handler));
            LOG.debug("{} on {} answered HTTP {}", call, serviceName, response.statusCode());
            return response;
        } catch (FailsafeException e) {
            throw translate(call, timeout, e.getCause() != null ? e.getCause() : e);
        }
    }

    private RuntimeException translate(String call, Duration timeout, Throwable failure) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new TangoException("interrupted while waiting for " + serviceName + " to answer " + call, failure);
        }
        if (failure instanceof HttpTimeoutException && !(failure instanceof HttpConnectTimeoutException)) {
            return new OperationTimeoutException(serviceName + " did not answer " + call + " within " + timeout, timeout,
                    failure);
        }
        return new RemoteServiceException(serviceName, null, null, true,
                "cannot reach it for " + call + ": " + describe(failure), failure);
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
            return json.readTree(body);
        } catch (IOException e) {
            throw new RemoteServiceException(serviceName, response.statusCode(), null, false,
                    "answered " + request.method() + " " + request.uri().getRawPath() + " with a body that is not JSON: "
                            + truncate(credentials.redact(new String(body, StandardCharsets.UTF_8))), e);
        }
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
        return new RemoteServiceException(serviceName, status, code, isRetriableStatus(status),
                credentials.redact(message) + " (" + call + ")");
    }

    static boolean isRetriableStatus(int status) {
        return status == 429 || status >= 500;
    }

    private static boolean isConnectionError(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return true;
        }
        return failure instanceof IOException && !(failure instanceof HttpTimeoutException);
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

    @Override
    public String toString() {
        return "MlflowHttp[" + serviceName + ", " + credentials + "]";
    }
}
