package io.tango.runtime.builtin;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The built-in {@code MULTI} finder type: {@code finder_priority: [names]}. Registered by the runtime itself. */
public final class MultiModelFinderFactory implements ModelFinderFactory {
    /** The names of the instances to ask, in order; the runtime checks they exist and form no cycle. */
    public static final ConfigOption<List<String>> FINDER_PRIORITY = ConfigOption.list("finder_priority").asRequired()
                .withDescription("Names of the finders to ask, in order");

    private final Function<String, ModelFinder> finders;

    /** @param finders resolves a finder by instance name (the runtime's) */
    public MultiModelFinderFactory(Function<String, ModelFinder> finders) {
        this.finders = requireNonNull(finders, "finders is null");
    }

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
        return new MultiModelFinder(config.get(FINDER_PRIORITY), finders);
    }
}
