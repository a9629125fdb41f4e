package io.tango.plugin.devo.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model as the ML Model Manager describes it: its record (JSON object: {@code id, name, engine, description,
 * category, outputType, fields, clusters, runtimeSize, ...}) and the local file when it was downloaded. As in the
 * Python client, a model got by name comes without {@code image} (which holds the base64 file content), while listed
 * models keep their records exactly as the server sent them. Immutable.
 *
 * @param record the model's record; JSON-like values (strings, numbers, booleans, lists, maps, nulls), unmodifiable
 * @param file where the model's file was downloaded, when it was asked for (Python puts it in {@code model["file"]})
 */
public record DevoModel(Map<String, Object> record, Optional<Path> file) {

    public DevoModel {
        requireNonNull(record, "record is null");
        requireNonNull(file, "file is null");
        record = JsonValues.immutableMap(record);
    }

    /** @return the model's name ({@code ""} if the record has none) */
    public String name() {
        return text("name").orElse("");
    }

    /** @return the model's engine code, e.g. {@code ONNX} ({@code ""} if the record has none) */
    public String engine() {
        return text("engine").orElse("");
    }

    /** @return the model's description, when it has one */
    public Optional<String> description() {
        return text("description");
    }

    /** @return the model's id in the server, as text, when the record has one */
    public Optional<String> id() {
        return text("id");
    }

    /**
     * @param key a record key
     * @return its value rendered as text, when present and not null
     */
    public Optional<String> text(String key) {
        Object value = record.get(requireNonNull(key, "key is null"));
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    @Override
    public String toString() {
        return "DevoModel[name=" + name() + ", engine=" + engine() + id().map(id -> ", id=" + id).orElse("")
                + file.map(path -> ", file=" + path).orElse("") + "]";
    }
}
