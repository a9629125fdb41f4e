package io.tango.plugin.local;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.local.store.LocalModelStore;

import java.util.List;

/** Creates {@link LocalModelFinder}s: type {@code LOCAL}. */
public final class LocalModelFinderFactory implements ModelFinderFactory {
    @Override
    public String type() {
        return "LOCAL";
    }

    @Override
    public String description() {
        return "Finds models in the local store (name, name/version, name@latest) and on disk (tango, MLflow ONNX or .onnx paths)";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(LocalOptions.ROOT);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return new LocalModelFinder(new LocalModelStore(LocalOptions.root(config)), instanceName);
    }
}
