package io.tango.runtime.testing;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.FactoryContext;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Optional;

/**
 * A composite finder as a third party would write it, with no access to the runtime but its {@link FactoryContext}:
 * asks the finders it names in order. With {@code eager} it resolves them in {@code create}.
 */
public final class FirstOfFinderFactory implements ModelFinderFactory {
    public static final ConfigOption<List<String>> FINDERS = ConfigOption.list("finders").asRequired()
            .withDescription("Names of the finders to ask, in order");
    public static final ConfigOption<Boolean> EAGER = ConfigOption.bool("eager").withDefault(false)
            .withDescription("Resolve the finders when created instead of on first use");

    @Override
    public String type() {
        return "FIRST_OF";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(FINDERS, EAGER);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return create(config, instanceName, FactoryContext.none());
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName, FactoryContext context) {
        List<String> names = config.get(FINDERS);
        if (config.get(EAGER)) {
            names.forEach(name -> context.component(ModelFinder.class, name));
        }
        return new ModelFinder() {
            @Override
            public Optional<ModelDescriptor> find(ModelKey key) {
                for (String name : names) {
                    Optional<ModelDescriptor> found = context.component(ModelFinder.class, name).find(key);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }

            @Override
            public void close() {
                // the finders it asks are the runtime's, closed by it
            }
        };
    }
}
