package io.tango.plugin.deepaas;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code DEEPAAS} finders: find and describe models on DEEPaaS servers. Stateless. */
public final class DeepaasModelFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasModelFinderFactory() {
        super(TYPE,
                "Finds models on DEEPaaS 2.x servers by keys deepaas://<host>:<port>/<model> (or deepaas:/<model> on"
                + " base_url) and describes their metadata and arguments",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(DeepaasOptions.optionalBaseUrl());
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.baseUrl(config);
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-finder-" + instanceName);
        return new DeepaasModelFinder(instanceName, baseUrl, http);
    }
}
