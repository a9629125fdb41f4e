package io.tango.runtime.builtin;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;

import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The built-in {@code MULTI} initializer type: {@code initializer_priority: [names]}. Registered by the runtime itself. */
public final class MultiModelInitializerFactory implements ModelInitializerFactory {
    /** The names of the instances to ask, in order; the runtime checks they exist and form no cycle. */
    public static final ConfigOption<List<String>> INITIALIZER_PRIORITY = ConfigOption.list("initializer_priority").asRequired()
                .withDescription("Names of the initializers to ask, in order");

    private final Function<String, ModelInitializer> initializers;

    /** @param initializers resolves an initializer by instance name (the runtime's) */
    public MultiModelInitializerFactory(Function<String, ModelInitializer> initializers) {
        this.initializers = requireNonNull(initializers, "initializers is null");
    }

    @Override
    public String type() {
        return "MULTI";
    }

    @Override
    public String description() {
        return "Asks other initializers in priority order; reports every failure when none loads the model";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(INITIALIZER_PRIORITY);
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        return new MultiModelInitializer(config.get(INITIALIZER_PRIORITY), initializers);
    }
}
