package io.tango.plugin.oip;

import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code OIP} model servers: invoke inference and metadata of one model on an OIP server. Stateless. */
public final class OipModelServerProxyFactory extends DeclaredFactory<ModelServerProxy>
        implements ModelServerProxyFactory {
    /** The type name. */
    public static final String TYPE = "OIP";

    static final ConfigOption<String> MODEL = ConfigOption.string("model").asRequired()
            .withDescription("Name of the model to invoke, as the server's /v2/models/<model> paths name it");
    static final ConfigOption<String> VERSION = ConfigOption.string("version")
            .withDescription("Version of the model to invoke; left out, the server chooses");

    /** The factory the runtime's ServiceLoader instantiates. */
    public OipModelServerProxyFactory() {
        super(TYPE, "Invokes inference (OIP JSON in and out) and metadata of a model on an Open Inference Protocol"
                + " server, over REST or gRPC", declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(OipOptions.requiredBaseUrl("the OIP server"));
        options.add(MODEL);
        options.add(VERSION);
        options.addAll(OipOptions.connectionOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelServerProxy build(TangoConfig config, String instanceName) {
        var server = OipOptions.requireBaseUrl(config);
        var version = config.getOptional(VERSION).filter(value -> !value.isBlank());
        return new OipModelServerProxy(instanceName, server, config.get(MODEL), version,
                OipOptions.servers(config, "tango-oip-server-" + instanceName));
    }
}
