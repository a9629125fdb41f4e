package io.tango.plugin.local.store;

import io.tango.api.ModelSignature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What an artifact writer produced, before the store names and versions it.
 *
 * @param engine the engine that runs the artifact, e.g. {@code onnx}
 * @param artifact the artifact file, relative to the version folder
 * @param signature the declared inputs and outputs
 * @param metadata flat metadata, in order
 */
public record ModelDraft(String engine, String artifact, ModelSignature signature, Map<String, String> metadata) {
    public ModelDraft {
        requireNonNull(engine, "engine is null");
        requireNonNull(artifact, "artifact is null");
        requireNonNull(signature, "signature is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
    }
}
