package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test engine, given to the loader by {@code TangoOipServerConformanceTest} (not registered as a service, so
 * other tests' engine lists stay as they are), whose models
 * answer each input {@code in_<type>} as the output {@code out_<type>}: the identity model the OIP conformance kit
 * ({@code io.tango.testkit.oip.OipConformanceTest}) sends every datatype through. The model's signature, saved with it
 * in the store, is what the server's metadata and checks use.
 */
public final class OipIdentityEngine implements ModelEngine {
    /** The engine's name, as a stored model's draft names it. */
    public static final String NAME = "oip-identity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean canLoad() {
        return true;
    }

    @Override
    public TangoModel<?, ?> load(ModelDescriptor descriptor, EngineSettings settings) {
        return new TangoModel<TangoRequest, TangoResponse>() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
                return request;
            }

            @Override
            public TangoResponse invoke(TangoRequest request) {
                Map<String, Object> outputs = new LinkedHashMap<>();
                request.inputs().forEach((name, value) -> outputs.put(
                        name.startsWith("in_") ? "out_" + name.substring(3) : name, value));
                return TangoResponse.of(outputs);
            }

            @Override
            public TangoResponse mapResponse(TangoResponse response) {
                return response;
            }
        };
    }
}
