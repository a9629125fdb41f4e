package io.tango.runtime.builtin;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.FactoryContext;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;

/**
 * The built-in {@code MULTI} finder type: {@code finder_priority: [names]}. Registered by the runtime itself; it
 * reaches the instances it names through its {@link FactoryContext}, as any plugin's composite can.
 */
public final class MultiModelFinderFactory implements ModelFinderFactory {
    /** The names of the instances to ask, in order; the runtime checks they exist and form no cycle. */
    public static final ConfigOption<List<String>> FINDER_PRIORITY = ConfigOption.list("finder_priority").asRequired()
                .withDescription("Names of the finders to ask, in order");

    @Override
    public String type() {
        return "MULTI";
    }

    @Override
    public String description() {
        return "Asks other finders in priority order; reports every failure when none finds the model";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(FINDER_PRIORITY);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return create(config, instanceName, FactoryContext.none());
    }

    /** Resolves the named instances through the runtime's context, lazily, as a third party's composite would. */
    @Override
    public ModelFinder create(TangoConfig config, String instanceName, FactoryContext context) {
        return new MultiModelFinder(config.get(FINDER_PRIORITY), name -> context.component(ModelFinder.class, name));
    }
}
