package io.tango.runtime.testing;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;

/** A finder type with one option of every type, for config validation tests. */
public final class TestFinderFactory implements ModelFinderFactory {
    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public String description() {
        return "Finds the keys listed in its config";
    }

    @Override
    public List<ConfigOption> options() {
        return List.of(
                ConfigOption.of("root", OptionType.STRING).asRequired().withDescription("Where models live"),
                ConfigOption.of("models", OptionType.LIST).withDescription("Keys it finds"),
                ConfigOption.of("fail_on", OptionType.LIST).withDescription("Keys it fails on"),
                ConfigOption.of("threads", OptionType.INT).withDefault("2").withDescription("Worker threads"),
                ConfigOption.of("max_rows", OptionType.LONG).withDescription("Row cap"),
                ConfigOption.of("ratio", OptionType.DOUBLE).withDescription("A ratio"),
                ConfigOption.of("verbose", OptionType.BOOLEAN).withDefault("false").withDescription("Log more"),
                ConfigOption.of("timeout", OptionType.DURATION).withDefault("30s").withDescription("Call timeout"),
                ConfigOption.of("cache_size", OptionType.SIZE).withDefault("64MiB").withDescription("Cache size"),
                ConfigOption.of("headers", OptionType.MAP).withDescription("Extra headers"),
                ConfigOption.ofEnum("mode", List.of("fast", "safe")).withDefault("safe").withDescription("Mode"),
                ConfigOption.of("token", OptionType.STRING).asSecret().withDescription("Access token"));
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return new TestFinder(config, instanceName);
    }
}
