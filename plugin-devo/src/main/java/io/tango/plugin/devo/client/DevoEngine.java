package io.tango.plugin.devo.client;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The engines the ML Model Manager knows, and the file extension of each engine's model file (Python:
 * {@code devo_ml.modelmanager.engines}). The first extension is the default one a downloader writes.
 *
 * <p>An engine is sent to the server as the plain code string ({@link #name()}); the server may know engines this
 * enum does not, so the client accepts any engine string and this enum only serves to infer extensions.
 */
public enum DevoEngine {
    ONNX(".onnx"),
    H2O(".zip"),
    BIGML(".json"),
    /** {@code .cmb} (sic): the Python client's mapping, kept for compatibility; CatBoost itself uses {@code .cbm}. */
    CATBOOST(".cmb"),
    /** The Python client's comments say {@code .zip}; its mapping says {@code .json}, which is what it writes. */
    DT(".json"),
    /** The Python client's comments say {@code .zip}; its mapping says {@code .json}, which is what it writes. */
    IDA(".json"),
    MLSTATS(),
    MUA(".zip"),
    UNICODE(".zip"),
    WORKFLOWS(".json");

    private final List<String> extensions;

    DevoEngine(String... extensions) {
        this.extensions = List.of(extensions);
    }

    /** @return the file extensions of this engine's model files, each with its dot; may be empty */
    public List<String> extensions() {
        return extensions;
    }

    /**
     * @param code an engine code, case-insensitive
     * @return the engine, if this client knows it
     */
    public static Optional<DevoEngine> fromCode(String code) {
        requireNonNull(code, "code is null");
        String upper = code.toUpperCase(Locale.ROOT);
        for (DevoEngine engine : values()) {
            if (engine.name().equals(upper)) {
                return Optional.of(engine);
            }
        }
        return Optional.empty();
    }

    /**
     * @param code an engine code, case-insensitive
     * @return the default extension of its model files with its dot, or {@code ""} for an unknown engine or one
     *     without extension
     */
    public static String defaultExtension(String code) {
        return fromCode(code)
                .flatMap(engine -> engine.extensions.stream().findFirst())
                .orElse("");
    }
}
