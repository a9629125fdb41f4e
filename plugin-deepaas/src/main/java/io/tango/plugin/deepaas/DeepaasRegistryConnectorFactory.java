package io.tango.plugin.deepaas;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;

import java.util.ArrayList;
import java.util.List;

/** Type {@code DEEPAAS} registries: one DEEPaaS server's models, metadata and argument schemas. Stateless. */
public final class DeepaasRegistryConnectorFactory implements ModelRegistryConnectorFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "A DEEPaaS 2.x server as a registry: its models' native metadata and their predict and train argument"
                + " schemas from its OpenAPI description";
    }

    @Override
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(DeepaasOptions.requiredBaseUrl("the DEEPaaS server"));
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    public ModelRegistryConnector create(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.requireBaseUrl(config);
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-registry-" + instanceName);
        return new DeepaasRegistryConnector(instanceName, baseUrl, http);
    }
}
