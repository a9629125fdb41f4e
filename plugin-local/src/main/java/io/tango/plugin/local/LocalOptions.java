package io.tango.plugin.local;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.local.engine.EngineSettings;

import java.nio.file.Path;
import java.time.Duration;

/** The config options the LOCAL components share, and their readers. */
public final class LocalOptions {
    /** The default store folder, below the user's home. */
    public static final String DEFAULT_ROOT = "~/.tango/local";

    /** The store folder every LOCAL component of one setup names. */
    public static final ConfigOption ROOT = ConfigOption.of("root", OptionType.STRING)
            .withDefault(DEFAULT_ROOT)
            .withDescription("Folder of the local store (models/, jobs/, deployments/ below it); '~' is the user's home");
    /** ONNX Runtime's intra-op threads. */
    public static final ConfigOption INTRA_OP_THREADS = ConfigOption.of("intra_op_threads", OptionType.INT)
            .withDefault("1")
            .withDescription("Threads one ONNX inference uses inside an operator (0 = one per core)");
    /** ONNX Runtime's inter-op threads. */
    public static final ConfigOption INTER_OP_THREADS = ConfigOption.of("inter_op_threads", OptionType.INT)
            .withDefault("1")
            .withDescription("Threads one ONNX inference uses across independent operators (0 = one per core)");

    private LocalOptions() {}

    /**
     * @param config a component's config
     * @return its store folder, with {@code ~} and {@code ${user.home}} expanded
     * @throws InvalidConfigException if it is blank
     */
    public static Path root(TangoConfig config) {
        String value = config.getString(ROOT.key(), DEFAULT_ROOT).strip();
        if (value.isEmpty()) {
            throw new InvalidConfigException(path(config, ROOT.key()), "the store folder is blank; name a folder");
        }
        String home = System.getProperty("user.home");
        if (value.equals("~") || value.startsWith("~/") || value.startsWith("~\\")) {
            value = home + value.substring(1);
        }
        value = value.replace("${user.home}", home);
        return Path.of(value).toAbsolutePath().normalize();
    }

    /**
     * @param config a component's config
     * @return the ONNX thread settings
     * @throws InvalidConfigException if a thread count is negative
     */
    public static EngineSettings engineSettings(TangoConfig config) {
        return new EngineSettings(
                atLeast(config, INTRA_OP_THREADS.key(), 1, 0),
                atLeast(config, INTER_OP_THREADS.key(), 1, 0));
    }

    /**
     * @param config a component's config
     * @param key an INT option
     * @param fallback its default
     * @param minimum the smallest valid value
     * @return the value
     * @throws InvalidConfigException naming the key's path if the value is below the minimum
     */
    public static int atLeast(TangoConfig config, String key, int fallback, int minimum) {
        int value = config.getInt(key, fallback);
        if (value < minimum) {
            throw new InvalidConfigException(path(config, key), "must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    /**
     * @param config a component's config
     * @param key a DURATION option
     * @param fallback its default
     * @return the value
     * @throws InvalidConfigException naming the key's path if the value is negative or zero
     */
    public static Duration positive(TangoConfig config, String key, Duration fallback) {
        Duration value = config.getDuration(key, fallback);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(path(config, key), "must be positive, got " + value);
        }
        return value;
    }

    /** @return the full path of {@code key} in {@code config} */
    public static String path(TangoConfig config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
