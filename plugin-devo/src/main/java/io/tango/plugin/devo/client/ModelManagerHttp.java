package io.tango.plugin.devo.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.OperationTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP layer of a client (Python: {@code api.py}): adds the auth header, applies the timeout, decodes JSON, and
 * turns every non-2xx answer and every transport failure into a typed error.
 *
 * <p>As in the Python client: only 2xx is success; an empty or undecodable body decodes to {@code null}; an error
 * body {@code {"code", "msg"}} becomes a {@link ModelManagerException} with that code and message (code 5: a
 * {@link TokenException}), any other error body a code-0 "Unexpected error". Unlike Python's requests, redirects are
 * not followed, so the token is never sent to another URL; and a timeout is an {@link OperationTimeoutException}.
 * Thread-safe.
 */
final class ModelManagerHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManagerHttp.class);

    private final String service;
    private final AuthType authType;
    private final String token;
    private final Duration timeout;
    private final String notFoundHint;
    private final ObjectMapper mapper;
    private final ExecutorService executor;
    private final HttpClient http;

    ModelManagerHttp(
            String service, AuthType authType, String token, Duration timeout, String notFoundHint, ObjectMapper mapper) {
        this.service = requireNonNull(service, "service is null");
        this.authType = requireNonNull(authType, "authType is null");
        this.token = requireNonNull(token, "token is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
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
        return send(request(uri).GET().build());
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
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build());
    }

    JsonNode postMultipart(URI uri, MultipartBody body) {
        return send(request(uri)
                .header("Content-Type", body.contentType())
                .POST(body.publisher())
                .build());
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header(authType.headerName(), authType.headerValue(token));
    }

    private JsonNode send(HttpRequest request) {
        String call = request.method() + " " + request.uri();
        LOG.debug("{}: {}", service, call);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (HttpTimeoutException e) {
            throw new OperationTimeoutException(
                    service + " did not answer " + call + " within " + timeout.toMillis() + " ms", timeout, e);
        }
        catch (IOException e) {
            throw new ModelManagerException(service, null, 0, "cannot " + call + ": " + e, "", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelManagerException(service, null, 0, "interrupted while waiting for " + call, "", e);
        }
        int status = response.statusCode();
        JsonNode body = decode(response.body());
        LOG.debug("{}: {} answered HTTP {}", service, call, status);
        if (status >= 200 && status < 300) {
            return body;
        }
        throw error(status, body, response.headers().firstValue("Location").orElse(""));
    }

    private JsonNode decode(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node == null || node.isMissingNode() || node.isNull() ? null : node;
        }
        catch (IOException e) {
            return null;
        }
    }

    private ModelManagerException error(int status, JsonNode body, String location) {
        String hint = status == 404 ? notFoundHint : "";
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
            return new ModelManagerException(service, status, code, msg, hint, null);
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
