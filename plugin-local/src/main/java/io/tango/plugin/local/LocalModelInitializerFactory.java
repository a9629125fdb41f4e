package io.tango.plugin.local;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/** Creates {@link LocalModelInitializer}s: type {@code LOCAL}. */
public final class LocalModelInitializerFactory extends DeclaredFactory<ModelInitializer>
        implements ModelInitializerFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalModelInitializerFactory() {
        super("LOCAL",
                "Runs models with plugin-local's engines (ONNX Runtime and any engine added to the plugin)",
                List.of(LocalOptions.INTRA_OP_THREADS, LocalOptions.INTER_OP_THREADS));
    }

    @Override
    protected ModelInitializer build(TangoConfig config, String instanceName) {
        return new LocalModelInitializer(new LocalModelLoader(ModelEngines.discover(), LocalOptions.engineSettings(config)));
    }
}
