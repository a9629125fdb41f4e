package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.TangoModel;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Makes described models runnable through plugin-local's engines: a descriptor whose format is an engine's name
 * ({@code onnx}, or a third party's) is loaded by that engine; every model is explainable. Other formats are "not
 * mine", except a local store model whose engine is missing, which is an error listing the engines there are.
 * Thread-safe.
 */
public final class LocalModelInitializer implements ModelInitializer {
    private final LocalModelLoader loader;

    /** @param loader the engines and their settings */
    public LocalModelInitializer(LocalModelLoader loader) {
        this.loader = requireNonNull(loader, "loader is null");
    }

    @Override
    public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
        return loader.loadIfSupported(descriptor).map(model -> model);
    }

    @Override
    public String toString() {
        return "LocalModelInitializer" + loader.engines().loadable();
    }
}
