package io.tango.plugin.deepaas;

import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Type {@code DEEPAAS} model servers: invoke predict and train of a model on a DEEPaaS server. Stateless. */
public final class DeepaasModelServerProxyFactory extends DeclaredFactory<ModelServerProxy>
        implements ModelServerProxyFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    static final ConfigOption<String> MODEL = ConfigOption.string("model").withDescription(
            "URL key of the model to invoke (its entry-point name); may be left out when the server serves a"
                    + " single model");

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasModelServerProxyFactory() {
        super(TYPE,
                "Invokes predict, train and metadata of a model on a DEEPaaS 2.x server",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(DeepaasOptions.requiredBaseUrl("the DEEPaaS server"));
        options.add(MODEL);
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelServerProxy build(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.requireBaseUrl(config);
        var model = config.getOptional(MODEL).filter(value -> !value.isBlank());
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-server-" + instanceName);
        return new DeepaasModelServerProxy(instanceName, baseUrl, model, DeepaasOptions.path(config, MODEL.key()), http);
    }
}
