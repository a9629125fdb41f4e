package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngine;

import java.util.Map;

/**
 * A third-party engine, registered only on the test class path ({@code src/test/resources/META-INF/services}): it
 * shows that plugin-local finds engines it does not ship. Its models answer the metadata entry {@code constant.value}.
 */
public final class ConstantEngine implements ModelEngine {
    @Override
    public String name() {
        return "constant";
    }

    @Override
    public boolean canLoad() {
        return true;
    }

    @Override
    public TangoModel<?, ?> load(ModelDescriptor descriptor, EngineSettings settings) {
        String value = descriptor.metadata().getOrDefault("constant.value", "");
        return new TangoModel<TangoRequest, String>() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
                return request;
            }

            @Override
            public String invoke(TangoRequest request) {
                return value;
            }

            @Override
            public TangoResponse mapResponse(String answer) {
                return TangoResponse.of(Map.of(TangoResponse.PREDICTIONS, answer));
            }
        };
    }
}
