package io.tango.testkit.broken;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Broken on purpose: declares its token secret, then prints it in the finder's {@code toString()}. */
public final class LeakyToStringFinderFactory implements ModelFinderFactory {
    static final ConfigOption<String> TOKEN = ConfigOption.string("token").asSecret().withDescription("Bearer token");

    @Override
    public String type() {
        return "BROKEN_LEAKY_TOSTRING";
    }

    @Override
    public String description() {
        return "Prints its token in toString()";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(TOKEN);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        String token = config.getOptional(TOKEN).orElse("");
        return new ModelFinder() {
            @Override
            public Optional<ModelDescriptor> find(ModelKey key) {
                requireNonNull(key, "key is null");
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "LeakyFinder[token=" + token + "]";
            }
        };
    }
}
