package com.example.tango.scoring;

import io.tango.api.Blob;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.proxy.HttpServerProxy;

import static java.util.Objects.requireNonNull;

/**
 * Sends predictions for one model to the scoring API: {@code POST /v1/models/<model>/predict} with the payload as it
 * is (JSON {@code {"inputs": {...}}}); the answer comes back as it is. Predictions are not idempotent for the
 * transport, so they are sent once. The toolkit's {@link HttpServerProxy} dispatches the request types: the other
 * ones fail with an {@link io.tango.api.UnsupportedTangoOperationException}. Thread-safe; {@link #close()} closes its
 * transport.
 */
final class ScoringServerProxy extends HttpServerProxy {
    private final String model;

    ScoringServerProxy(HttpTransport transport, String model) {
        super(transport);
        this.model = requireNonNull(model, "model is null");
    }

    @Override
    protected Blob predict(Blob payload) {
        return post("/v1/models/" + HttpTransport.encode(model) + "/predict", payload, "application/json");
    }

    @Override
    protected String unsupportedReason() {
        return "the scoring API only predicts";
    }

    @Override
    public String toString() {
        return "ScoringServerProxy[" + model + " at " + http() + "]";
    }
}
