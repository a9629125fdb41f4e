package io.tango.plugin.local;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.local.store.LocalModelStore;

import java.util.List;

/** Creates {@link LocalModelRegistryConnector}s: type {@code LOCAL}. */
public final class LocalModelRegistryConnectorFactory implements ModelRegistryConnectorFactory {
    @Override
    public String type() {
        return "LOCAL";
    }

    @Override
    public String description() {
        return "The local model store as a registry: descriptors as metadata, version folders as downloads";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(LocalOptions.ROOT);
    }

    @Override
    public ModelRegistryConnector create(TangoConfig config, String instanceName) {
        return new LocalModelRegistryConnector(new LocalModelStore(LocalOptions.root(config)), instanceName);
    }
}
