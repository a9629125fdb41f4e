package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.store.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A proxy for a scoring server that speaks MLflow's protocol: a served local deployment, or {@code mlflow models
 * serve}. {@code PREDICT} posts the payload to {@code /invocations}; {@code METADATA} reads {@code /version}. An error
 * answer becomes a {@link RemoteServiceException} with the status and MLflow's {@code error_code} (503 and 5xx are
 * retriable). Thread-safe.
 */
public final class LocalModelServerProxy implements ModelServerProxy {
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final String service;

    /**
     * @param url the server's base URL, e.g. {@code http://127.0.0.1:5000}
     * @param timeout the timeout of each call
     */
    public LocalModelServerProxy(URI url, Duration timeout) {
        String text = requireNonNull(url, "url is null").toString();
        this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.service = "scoring server at " + this.url;
    }

    @Override
    public URI serverUrl() {
        return url;
    }

    @Override
    public Blob invoke(RequestType requestType, Blob payload) {
        requireNonNull(requestType, "requestType is null");
        requireNonNull(payload, "payload is null");
        HttpRequest request = switch (requestType) {
            case PREDICT -> HttpRequest.newBuilder(URI.create(url + "/invocations"))
                    .timeout(timeout)
                    .header("Content-Type", payload.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()))
                    .build();
            case METADATA -> HttpRequest.newBuilder(URI.create(url + "/version")).timeout(timeout).GET().build();
            default -> throw new UnsupportedTangoOperationException("the " + service + " has no operation for "
                    + requestType + "; it answers PREDICT and METADATA");
        };
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new OperationTimeoutException(requestType + " on the " + service + " did not answer within " + timeout, timeout, e);
        } catch (IOException e) {
            throw new RemoteServiceException(service, null, null, true, "cannot reach it: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteServiceException(service, null, null, true, "interrupted while waiting for it", e);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        if (response.statusCode() / 100 == 2) {
            return Blob.of(contentType, response.body());
        }
        String code = null;
        String message = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (body != null && body.isObject()) {
                code = body.hasNonNull("error_code") ? body.get("error_code").asText() : null;
                message = body.hasNonNull("message") ? body.get("message").asText() : message;
            }
        } catch (IOException ignored) {
            // not JSON: keep the raw text
        }
        int status = response.statusCode();
        throw new RemoteServiceException(service, status, code, status == 429 || status >= 500, message);
    }

    @Override
    public String toString() {
        return "LocalModelServerProxy[" + url + "]";
    }
}
