package io.tango.plugin.oip;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code OIP} initializers: run {@code oip} descriptors as models served over OIP. Stateless. */
public final class OipModelInitializerFactory extends DeclaredFactory<ModelInitializer>
        implements ModelInitializerFactory {
    /** The type name. */
    public static final String TYPE = "OIP";

    /** The factory the runtime's ServiceLoader instantiates. */
    public OipModelInitializerFactory() {
        super(TYPE,
                "Runs models served by Open Inference Protocol servers (descriptor format 'oip') over REST (JSON or"
                + " the binary extension) or gRPC, checking requests against the model metadata",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(OipOptions.connectionOptions());
        options.add(OipOptions.tokenServerBaseUrl());
        options.add(OipOptions.CLIENT_SIDE_VALIDATION);
        return List.copyOf(options);
    }

    @Override
    protected ModelInitializer build(TangoConfig config, String instanceName) {
        return new OipModelInitializer(instanceName, OipOptions.servers(config, "tango-oip-initializer-" + instanceName),
                config.get(OipOptions.CLIENT_SIDE_VALIDATION));
    }
}
