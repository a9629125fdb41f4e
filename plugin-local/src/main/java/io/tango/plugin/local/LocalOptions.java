package io.tango.plugin.local;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.local.engine.EngineSettings;

import java.nio.file.Path;

/** The config options the LOCAL components share, and their readers. */
public final class LocalOptions {
    /** The default store folder, below the user's home. */
    public static final String DEFAULT_ROOT = "~/.tango/local";

    /** The store folder every LOCAL component of one setup names. */
    public static final ConfigOption<String> ROOT = ConfigOption.string("root")
            .withDefault(DEFAULT_ROOT)
            .withDescription("Folder of the local store (models/, jobs/, deployments/ below it); '~' is the user's home");
    /** ONNX Runtime's intra-op threads. */
    public static final ConfigOption<Integer> INTRA_OP_THREADS = ConfigOption.integer("intra_op_threads")
            .withDefault(1).withMinimum(0)
            .withDescription("Threads one ONNX inference uses inside an operator (0 = one per core)");
    /** ONNX Runtime's inter-op threads. */
    public static final ConfigOption<Integer> INTER_OP_THREADS = ConfigOption.integer("inter_op_threads")
            .withDefault(1).withMinimum(0)
            .withDescription("Threads one ONNX inference uses across independent operators (0 = one per core)");

    private LocalOptions() {}

    /**
     * @param config a component's config
     * @return its store folder, with {@code ~} and {@code ${user.home}} expanded
     * @throws InvalidConfigException if it is blank
     */
    public static Path root(TangoConfig config) {
        String value = config.get(ROOT).strip();
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
        return new EngineSettings(config.get(INTRA_OP_THREADS), config.get(INTER_OP_THREADS));
    }

    /** @return the full path of {@code key} in {@code config} */
    public static String path(TangoConfig config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
