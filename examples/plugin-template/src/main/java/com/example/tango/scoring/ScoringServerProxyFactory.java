package com.example.tango.scoring;

import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;

import java.util.ArrayList;
import java.util.List;

/** Model-server type {@code SCORING}: predictions of one model of a scoring API. */
public final class ScoringServerProxyFactory implements ModelServerProxyFactory {
    static final ConfigOption<String> MODEL = ConfigOption.string("model").asRequired()
            .withDescription("Name of the model to send predictions to");

    @Override
    public String type() {
        return "SCORING";
    }

    @Override
    public String description() {
        return "Sends predictions to one model of a scoring API";
    }

    @Override
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>(ScoringOptions.connection());
        options.add(MODEL);
        return options;
    }

    @Override
    public ModelServerProxy create(TangoConfig config, String instanceName) {
        return new ScoringServerProxy(ScoringOptions.transport(config), config.get(MODEL));
    }
}
