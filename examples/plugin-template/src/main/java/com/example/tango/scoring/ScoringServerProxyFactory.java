package com.example.tango.scoring;

import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Model-server type {@code SCORING}: predictions of one model of a scoring API. */
public final class ScoringServerProxyFactory extends DeclaredFactory<ModelServerProxy>
        implements ModelServerProxyFactory {
    static final ConfigOption<String> MODEL = ConfigOption.string("model").asRequired()
            .withDescription("Name of the model to send predictions to");

    /** The factory the runtime's ServiceLoader instantiates. */
    public ScoringServerProxyFactory() {
        super("SCORING",
                "Sends predictions to one model of a scoring API",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(ScoringOptions.connection());
        options.add(MODEL);
        return options;
    }

    @Override
    protected ModelServerProxy build(TangoConfig config, String instanceName) {
        return new ScoringServerProxy(ScoringOptions.transport(config), config.get(MODEL));
    }
}
