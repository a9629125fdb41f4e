package io.tango.testkit.example;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the scale models {@code double} (factor 2) and {@code triple} (factor 3), plus those in {@code extra}. */
public final class ExampleFinderFactory implements ModelFinderFactory {
    /** More models than the built-in ones; a MAP option, read as a nested view. */
    static final ConfigOption<Map<String, Object>> EXTRA = ConfigOption.map("extra").withDescription("More models: name -> factor");

    static final Map<String, String> FACTORS = Map.of("double", "2", "triple", "3");

    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "Finds the example plugin's scale models";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(EXTRA);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        TangoConfig extra = config.getNested(EXTRA.key());
        return key -> {
            java.util.Objects.requireNonNull(key, "key is null");
            String factor = FACTORS.getOrDefault(key.value(), extra.getString(key.value()).orElse(null));
            return factor == null
                    ? Optional.empty()
                    : Optional.of(ModelDescriptor.builder(key, key.value(), ScaleModel.FORMAT)
                            .metadata("factor", factor)
                            .origin("finder " + instanceName)
                            .build());
        };
    }
}
