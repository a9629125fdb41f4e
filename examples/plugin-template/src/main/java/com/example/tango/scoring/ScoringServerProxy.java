package com.example.tango.scoring;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.http.HttpTransport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Sends predictions for one model to the scoring API: {@code POST /v1/models/<model>/predict} with the payload as it
 * is (JSON {@code {"inputs": {...}}}); the answer comes back as it is. Predictions are not idempotent for the
 * transport, so they are sent once. Thread-safe; {@link #close()} closes its transport.
 */
final class ScoringServerProxy implements ModelServerProxy {
    private final HttpTransport transport;
    private final String model;

    ScoringServerProxy(HttpTransport transport, String model) {
        this.transport = requireNonNull(transport, "transport is null");
        this.model = requireNonNull(model, "model is null");
    }

    @Override
    public URI serverUrl() {
        return transport.baseUri();
    }

    @Override
    public Blob invoke(RequestType requestType, Blob payload) {
        requireNonNull(requestType, "requestType is null");
        requireNonNull(payload, "payload is null");
        if (requestType != RequestType.PREDICT) {
            throw new UnsupportedTangoOperationException("the scoring API only predicts, not " + requestType);
        }
        Duration timeout = transport.settings().requestTimeout();
        HttpRequest request = transport.newRequest(transport.uri("/v1/models/" + HttpTransport.encode(model) + "/predict", Map.of()), timeout)
                .header("Content-Type", payload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()))
                .build();
        HttpResponse<byte[]> response = transport.exchange(request, false, timeout);
        if (response.statusCode() / 100 != 2) {
            throw transport.error(HttpTransport.call(request), response.statusCode(), response.body());
        }
        return Blob.of(response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "ScoringServerProxy[" + model + " at " + transport + "]";
    }
}
