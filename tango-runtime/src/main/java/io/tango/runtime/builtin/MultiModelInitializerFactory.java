package io.tango.runtime.builtin;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.FactoryContext;
import io.tango.api.spi.ModelInitializerFactory;

import java.util.List;

/**
 * The built-in {@code MULTI} initializer type: {@code initializer_priority: [names]}. Registered by the runtime itself; it
 * reaches the instances it names through its {@link FactoryContext}, as any plugin's composite can.
 */
public final class MultiModelInitializerFactory implements ModelInitializerFactory {
    /** The names of the instances to ask, in order; the runtime checks they exist and form no cycle. */
    public static final ConfigOption<List<String>> INITIALIZER_PRIORITY = ConfigOption.list("initializer_priority").asRequired()
                .withDescription("Names of the initializers to ask, in order");

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
        return create(config, instanceName, FactoryContext.none());
    }

    /** Resolves the named instances through the runtime's context, lazily, as a third party's composite would. */
    @Override
    public ModelInitializer create(TangoConfig config, String instanceName, FactoryContext context) {
        return new MultiModelInitializer(config.get(INITIALIZER_PRIORITY), name -> context.component(ModelInitializer.class, name));
    }
}
