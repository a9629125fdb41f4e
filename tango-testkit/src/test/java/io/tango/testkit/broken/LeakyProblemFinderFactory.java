package io.tango.testkit.broken;

import io.tango.api.InvalidConfigException;
import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Optional;

/** Broken on purpose: declares its API key secret, then quotes it when it rejects it. */
public final class LeakyProblemFinderFactory implements ModelFinderFactory {
    static final ConfigOption<String> API_KEY = ConfigOption.string("api_key").asSecret().asRequired()
            .withDescription("API key, starting with ak-");

    @Override
    public String type() {
        return "BROKEN_LEAKY_PROBLEM";
    }

    @Override
    public String description() {
        return "Quotes its API key in a config problem";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(API_KEY);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        String key = config.get(API_KEY);
        if (!key.startsWith("ak-")) {
            throw new InvalidConfigException("api_key", "'" + key + "' does not start with ak-");
        }
        return found -> Optional.empty();
    }
}
