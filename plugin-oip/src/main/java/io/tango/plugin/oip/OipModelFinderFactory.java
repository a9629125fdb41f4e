package io.tango.plugin.oip;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code OIP} finders: find and describe models on Open Inference Protocol servers. Stateless. */
public final class OipModelFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    /** The type name. */
    public static final String TYPE = "OIP";

    /** The factory the runtime's ServiceLoader instantiates. */
    public OipModelFinderFactory() {
        super(TYPE,
                "Finds models on Open Inference Protocol (KServe v2) servers by keys oip://<host>:<port>/<model>,"
                + " oip+grpc://<host>:<port>/<model> (or oip:/<model> on base_url) and describes their inputs and"
                + " outputs from the model metadata",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(OipOptions.optionalBaseUrl());
        options.addAll(OipOptions.connectionOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        var baseUrl = OipOptions.baseUrl(config);
        return new OipModelFinder(instanceName, baseUrl, OipOptions.servers(config, "tango-oip-finder-" + instanceName));
    }
}
