package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngine;

import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * An engine whose models tell a listener about every request they receive, then run it with the wrapped engine's
 * model: the model side of {@link DeliveryLedger}, whatever path (job predictor, scoring server) led to the model.
 */
final class ReceiptCountingEngine implements ModelEngine {
    private final ModelEngine engine;
    private final Consumer<TangoRequest> listener;

    ReceiptCountingEngine(ModelEngine engine, Consumer<TangoRequest> listener) {
        this.engine = requireNonNull(engine, "engine is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public boolean canLoad() {
        return engine.canLoad();
    }

    @Override
    public TangoModel<?, ?> load(ModelDescriptor descriptor, EngineSettings settings) {
        return counting(engine.load(descriptor, settings));
    }

    private <I, O> TangoModel<I, O> counting(TangoModel<I, O> model) {
        return new TangoModel<>() {
            @Override
            public ModelDescriptor descriptor() {
                return model.descriptor();
            }

            @Override
            public I mapRequest(TangoRequest request, WorkingSession session) {
                listener.accept(request);
                return model.mapRequest(request, session);
            }

            @Override
            public O invoke(I nativeRequest) {
                return model.invoke(nativeRequest);
            }

            @Override
            public TangoResponse mapResponse(O nativeResponse) {
                return model.mapResponse(nativeResponse);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
