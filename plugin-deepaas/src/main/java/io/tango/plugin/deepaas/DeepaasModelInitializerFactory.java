package io.tango.plugin.deepaas;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Type {@code DEEPAAS} initializers: make {@code deepaas} descriptors runnable as models served by DEEPaaS servers.
 * Stateless.
 */
public final class DeepaasModelInitializerFactory extends DeclaredFactory<ModelInitializer>
        implements ModelInitializerFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasModelInitializerFactory() {
        super(TYPE,
                "Runs models served by DEEPaaS 2.x servers (descriptor format 'deepaas') over HTTP, checking arguments"
                + " against the server's OpenAPI description",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(DeepaasOptions.httpOptions());
        options.add(DeepaasOptions.tokenServerBaseUrl());
        options.add(DeepaasOptions.clientSideValidation());
        return List.copyOf(options);
    }

    @Override
    protected ModelInitializer build(TangoConfig config, String instanceName) {
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-initializer-" + instanceName);
        return new DeepaasModelInitializer(instanceName, http,
                config.get(DeepaasOptions.CLIENT_SIDE_VALIDATION));
    }
}
