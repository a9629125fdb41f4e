package io.tango.plugin.local;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.plugin.local.engine.ModelEngines;

import java.util.List;

/** Creates {@link LocalModelInitializer}s: type {@code LOCAL}. */
public final class LocalModelInitializerFactory implements ModelInitializerFactory {
    @Override
    public String type() {
        return "LOCAL";
    }

    @Override
    public String description() {
        return "Runs models with plugin-local's engines (ONNX Runtime and any engine added to the plugin)";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(LocalOptions.INTRA_OP_THREADS, LocalOptions.INTER_OP_THREADS);
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        return new LocalModelInitializer(new LocalModelLoader(ModelEngines.discover(), LocalOptions.engineSettings(config)));
    }
}
