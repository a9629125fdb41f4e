package io.tango.plugin.local;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/** Creates {@link LocalModelRegistryConnector}s: type {@code LOCAL}. */
public final class LocalModelRegistryConnectorFactory extends DeclaredFactory<ModelRegistryConnector>
        implements ModelRegistryConnectorFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalModelRegistryConnectorFactory() {
        super("LOCAL",
                "The local model store as a registry: descriptors as metadata, version folders as downloads",
                List.of(LocalOptions.ROOT));
    }

    @Override
    protected ModelRegistryConnector build(TangoConfig config, String instanceName) {
        return new LocalModelRegistryConnector(new LocalModelStore(LocalOptions.root(config)), instanceName);
    }
}
