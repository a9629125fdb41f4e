package com.example.tango.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.toolkit.http.HttpTransport;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds models of the scoring API by keys {@code scoring:<name>}: {@code GET /v1/models/<name>} describes one, a 404
 * says there is none. Other keys are not this finder's: empty. Thread-safe; {@link #close()} closes its transport.
 */
final class ScoringModelFinder implements ModelFinder {
    static final String SCHEME = "scoring:";

    private final HttpTransport transport;

    ScoringModelFinder(HttpTransport transport) {
        this.transport = requireNonNull(transport, "transport is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        if (!key.value().startsWith(SCHEME)) {
            return Optional.empty();
        }
        String name = key.value().substring(SCHEME.length());
        JsonNode model;
        try {
            model = transport.getJson("/v1/models/" + HttpTransport.encode(name), Map.of(), timeout());
        } catch (RemoteServiceException e) {
            if (e.httpStatus().orElse(0) == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(ModelDescriptor.builder(key, model.path("name").asText(name), model.path("format").asText("json"))
                .version(model.path("version").asText())
                .build());
    }

    private Duration timeout() {
        return transport.settings().requestTimeout();
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "ScoringModelFinder[" + transport + "]";
    }
}
