package io.tango.plugin.deepaas;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code DEEPAAS} registries: one DEEPaaS server's models, metadata and argument schemas. Stateless. */
public final class DeepaasRegistryConnectorFactory extends DeclaredFactory<ModelRegistryConnector>
        implements ModelRegistryConnectorFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasRegistryConnectorFactory() {
        super(TYPE,
                "A DEEPaaS 2.x server as a registry: its models' native metadata and their predict and train argument"
                + " schemas from its OpenAPI description",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(DeepaasOptions.requiredBaseUrl("the DEEPaaS server"));
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelRegistryConnector build(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.requireBaseUrl(config);
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-registry-" + instanceName);
        return new DeepaasRegistryConnector(instanceName, baseUrl, http);
    }
}
