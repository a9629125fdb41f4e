package io.tango.runtime.testing;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A finder type with one option of every type, some with ranges, for config validation tests. */
public final class TestFinderFactory implements ModelFinderFactory {
    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public String description() {
        return "Finds the keys listed in its config";
    }

    public static final ConfigOption<String> ROOT = ConfigOption.string("root").asRequired().withDescription("Where models live");
    public static final ConfigOption<List<String>> MODELS = ConfigOption.list("models").withDefault(List.of())
            .withDescription("Keys it finds");
    public static final ConfigOption<List<String>> FAIL_ON = ConfigOption.list("fail_on").withDefault(List.of())
            .withDescription("Keys it fails on");
    public static final ConfigOption<Integer> THREADS = ConfigOption.integer("threads").withDefault(2).withMinimum(1)
            .withDescription("Worker threads");
    public static final ConfigOption<Long> MAX_ROWS = ConfigOption.longInteger("max_rows").withDescription("Row cap");
    public static final ConfigOption<Double> RATIO = ConfigOption.number("ratio").withRange(0.0, 1.0)
            .withDescription("A ratio");
    public static final ConfigOption<Boolean> VERBOSE = ConfigOption.bool("verbose").withDefault(false)
            .withDescription("Log more");
    public static final ConfigOption<Duration> TIMEOUT = ConfigOption.duration("timeout")
            .withDefault(Duration.ofSeconds(30)).withMinimum(Duration.ofMillis(1)).withDescription("Call timeout");
    public static final ConfigOption<Long> CACHE_SIZE = ConfigOption.size("cache_size").withDefault(64L << 20)
            .withRange(1L, 1L << 30).withDescription("Cache size");
    public static final ConfigOption<Map<String, Object>> HEADERS = ConfigOption.map("headers")
            .withDescription("Extra headers");
    public static final ConfigOption<String> MODE = ConfigOption.enumOf("mode", "fast", "safe").withDefault("safe")
            .withDescription("Mode");
    public static final ConfigOption<String> TOKEN = ConfigOption.string("token").asSecret()
            .withDescription("Access token");

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ROOT, MODELS, FAIL_ON, THREADS, MAX_ROWS, RATIO, VERBOSE, TIMEOUT, CACHE_SIZE, HEADERS, MODE,
                TOKEN);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return new TestFinder(config, instanceName);
    }
}
