package io.tango.plugin.deepaas;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;

import java.util.ArrayList;
import java.util.List;

/**
 * Type {@code DEEPAAS} initializers: make {@code deepaas} descriptors runnable as models served by DEEPaaS servers.
 * Stateless.
 */
public final class DeepaasModelInitializerFactory implements ModelInitializerFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Runs models served by DEEPaaS 2.x servers (descriptor format 'deepaas') over HTTP, checking arguments"
                + " against the server's OpenAPI description";
    }

    @Override
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>(DeepaasOptions.httpOptions());
        options.add(DeepaasOptions.tokenServerBaseUrl());
        options.add(DeepaasOptions.clientSideValidation());
        return List.copyOf(options);
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-initializer-" + instanceName);
        return new DeepaasModelInitializer(instanceName, http,
                config.get(DeepaasOptions.CLIENT_SIDE_VALIDATION));
    }
}
