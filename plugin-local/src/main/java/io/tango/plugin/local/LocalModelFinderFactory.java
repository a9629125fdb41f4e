package io.tango.plugin.local;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/** Creates {@link LocalModelFinder}s: type {@code LOCAL}. */
public final class LocalModelFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalModelFinderFactory() {
        super("LOCAL",
                "Finds models in the local store (name, name/version, name@latest) and on disk (tango, MLflow ONNX or .onnx paths)",
                List.of(LocalOptions.ROOT));
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        return new LocalModelFinder(new LocalModelStore(LocalOptions.root(config)), instanceName);
    }
}
