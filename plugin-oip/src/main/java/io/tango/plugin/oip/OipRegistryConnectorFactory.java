package io.tango.plugin.oip;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Type {@code OIP} registries: an Open Inference Protocol server's model metadata, health and repository extension.
 * Stateless.
 */
public final class OipRegistryConnectorFactory extends DeclaredFactory<ModelRegistryConnector>
        implements ModelRegistryConnectorFactory {
    /** The type name. */
    public static final String TYPE = "OIP";

    /** The factory the runtime's ServiceLoader instantiates. */
    public OipRegistryConnectorFactory() {
        super(TYPE,
                "An Open Inference Protocol server as a registry: model metadata documents, live/ready, and the"
                + " repository extension's index, load and unload",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(OipOptions.requiredBaseUrl("the OIP server"));
        options.addAll(OipOptions.connectionOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelRegistryConnector build(TangoConfig config, String instanceName) {
        var server = OipOptions.requireBaseUrl(config);
        return new OipRegistryConnector(instanceName, server, OipOptions.servers(config, "tango-oip-registry-" + instanceName));
    }
}
