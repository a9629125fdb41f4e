package io.tango.plugin.local.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The descriptor file of a stored model version, {@value #FILE_NAME}, next to its artifact:
 * <pre>{@code
 * {
 *   "format_version": 1,
 *   "name": "iris", "version": "1",
 *   "engine": "onnx", "artifact": "model.onnx",
 *   "created": "2026-01-01T00:00:00Z",
 *   "signature": {"inputs": [...], "outputs": [...]},
 *   "metadata": {"tabular.columns": "[...]", ...}
 * }
 * }</pre>
 *
 * @param name the model's name
 * @param version the version
 * @param engine the engine that runs it (also the descriptor's format), e.g. {@code onnx}
 * @param artifact the artifact file, relative to the version folder
 * @param created when it was saved
 * @param signature its declared inputs and outputs
 * @param metadata flat metadata, in order
 */
public record ModelManifest(
        String name,
        String version,
        String engine,
        String artifact,
        Instant created,
        ModelSignature signature,
        Map<String, String> metadata) {
    /** The descriptor file's name inside a version folder. */
    public static final String FILE_NAME = "tango-model.json";
    private static final int FORMAT_VERSION = 1;

    public ModelManifest {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(artifact, "artifact is null");
        requireNonNull(created, "created is null");
        requireNonNull(signature, "signature is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
    }

    /** @return the manifest as JSON bytes */
    public byte[] toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("format_version", FORMAT_VERSION);
        node.put("name", name);
        node.put("version", version);
        node.put("engine", engine);
        node.put("artifact", artifact);
        node.put("created", created.toString());
        node.set("signature", SignatureJson.write(signature));
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        return Json.bytes(node);
    }

    /**
     * Reads the manifest of a version folder.
     *
     * @param directory the version folder
     * @return the manifest
     * @throws TangoException if the file is missing, unreadable or malformed, naming the file and the problem
     */
    public static ModelManifest read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new TangoException("model descriptor " + file + " is missing", e);
        } catch (IOException e) {
            throw new TangoException("model descriptor " + file + " is corrupt: " + e.getMessage(), e);
        }
        try {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            int format = node.path("format_version").asInt(-1);
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported format_version " + node.path("format_version")
                        + " (this plugin reads " + FORMAT_VERSION + ")");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            node.path("metadata").properties().forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
            return new ModelManifest(
                    required(node, "name"),
                    required(node, "version"),
                    required(node, "engine"),
                    required(node, "artifact"),
                    Instant.parse(required(node, "created")),
                    SignatureJson.read(node.get("signature")),
                    metadata);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new TangoException("model descriptor " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value.asText();
    }
}
