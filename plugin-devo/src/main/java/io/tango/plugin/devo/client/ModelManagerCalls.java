package io.tango.plugin.devo.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.toolkit.http.CappedBodySubscriber;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RemoteErrorReader;
import io.tango.toolkit.http.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The ML Model Manager's calls (Python: {@code api.py}) over the toolkit's {@link HttpTransport}, which sends them:
 * one deadline per call, retries of GETs (a POST only when its connection was refused), capped answers, no redirects.
 * What is Devo's own is here: how its answers decode and how its errors read.
 *
 * <p>As in the Python client: only 2xx is success; an empty body decodes to {@code null}; an error body
 * {@code {"code", "msg"}} becomes a {@link ModelManagerException} with that code and message (code 5: a
 * {@link TokenException}), any other error body a code-0 "Unexpected error". A 2xx answer whose body is not JSON is an
 * error, where Python returns {@code None}; an answer over {@code maxResponseSize} a {@link ModelDownloadException}.
 * The transport's errors become the client's: a call that got no answer a {@link ModelManagerException}, each message
 * naming the call by its whole URL, as the client's messages always have. Thread-safe.
 */
final class ModelManagerCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManagerCalls.class);
    /** How the transport ends the message of a call that failed after retries. */
    private static final Pattern AFTER_ATTEMPTS = Pattern.compile("\\((after \\d+ attempts)\\)$");

    private final HttpTransport transport;
    private final Duration timeout;
    private final long maxResponseSize;
    private final String notFoundHint;
    private final ObjectMapper mapper;

    /**
     * @param service how messages name the server
     * @param url the server's URL, without credentials
     * @param authType how the token is sent
     * @param token the token
     * @param timeout the longest one call may take, connecting included
     * @param retries how calls that are safe to retry are retried
     * @param maxResponseSize the largest answer read
     * @param notFoundHint appended to the message of a 404
     * @param mapper reads and writes JSON bodies
     */
    ModelManagerCalls(String service, URI url, AuthType authType, String token, Duration timeout, RetrySettings retries,
            long maxResponseSize, String notFoundHint, ObjectMapper mapper) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.maxResponseSize = maxResponseSize;
        this.notFoundHint = requireNonNull(notFoundHint, "notFoundHint is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.transport = new HttpTransport(service, url, authType.auth(token),
                new HttpSettings(timeout, timeout, retries.toTransport(), maxResponseSize), RemoteErrorReader.NONE,
                "tango-devo-http-");
    }

    String service() {
        return transport.serviceName();
    }

    JsonNode get(URI uri) {
        return send(transport.newRequest(uri, timeout).GET().build(), true);
    }

    JsonNode postJson(URI uri, Object body) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode the request body as JSON: " + e.getOriginalMessage(), e);
        }
        return send(transport.newRequest(uri, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), false);
    }

    JsonNode postMultipart(URI uri, MultipartBody body) {
        return send(transport.newRequest(uri, timeout)
                .header("Content-Type", body.contentType())
                .POST(body.publisher()).build(), false);
    }

    private JsonNode send(HttpRequest request, boolean idempotent) {
        String call = request.method() + " " + request.uri();
        LOG.debug("{}: {}", service(), call);
        HttpTransport.Counted<byte[]> answer;
        try {
            answer = transport.sendCounted(request, info -> CappedBodySubscriber.toBytes(maxResponseSize,
                    () -> new ModelDownloadException(service() + " answered " + call + " with more than "
                            + maxResponseSize + " bytes, the most this client reads (see max_download_size); nothing"
                            + " was written")), idempotent, timeout);
        }
        catch (OperationTimeoutException e) {
            throw new OperationTimeoutException(e.getMessage().replace(
                    " did not answer " + HttpTransport.call(request) + " within ", " did not answer " + call + " within "),
                    e.timeout(), e.getCause());
        }
        catch (RemoteServiceException e) {
            // No answer: the connection could not be made or broke off.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Matcher tries = AFTER_ATTEMPTS.matcher(e.getMessage());
            throw new ModelManagerException(service(), null, 0, "cannot " + call + ": " + cause,
                    tries.find() ? tries.group(1) : "", cause);
        }
        HttpResponse<byte[]> response = answer.response();
        int status = response.statusCode();
        String tries = answer.attempts() > 1 ? "after " + answer.attempts() + " attempts" : "";
        if (status >= 200 && status < 300) {
            return decodeSuccess(call, response);
        }
        String hint = RetryAfter.of(response)
                .map(delay -> "retry after " + delay.toSeconds() + " s" + (tries.isEmpty() ? "" : ", " + tries))
                .orElse(tries);
        throw error(status, decodeQuietly(response.body()), response.headers().firstValue("Location").orElse(""), hint);
    }

    private JsonNode decodeSuccess(String call, HttpResponse<byte[]> response) {
        byte[] body = response.body();
        try {
            return parse(body);
        }
        catch (IOException e) {
            String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
            throw new ModelManagerException(service(), response.statusCode(), 0, "the answer to " + call
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
                return new TokenException(service(), status);
            }
            JsonNode msgNode = body.get("msg");
            String msg = msgNode == null ? "Unexpected error" : msgNode.isNull() ? "" : msgNode.asText();
            // A server (or a proxy before it) may echo the credentials it rejected: never pass the token on.
            return new ModelManagerException(service(), status, code, transport.redact(msg), hint, null);
        }
        return new ModelManagerException(service(), status, 0, "Unexpected error", hint, null);
    }

    /** Stops the transport's threads. Idempotent. */
    @Override
    public void close() {
        transport.close();
    }
}
