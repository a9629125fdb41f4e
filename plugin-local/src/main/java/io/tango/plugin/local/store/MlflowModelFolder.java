package io.tango.plugin.local.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an MLflow model folder (one with an {@code MLmodel} file) whose {@code onnx} flavor plugin-local can run, so
 * a model downloaded from MLflow loads here unchanged.
 *
 * <p>The artifact is {@code flavors.onnx.data}. MLflow stores the signature's {@code inputs} and {@code outputs} as
 * JSON strings inside the YAML: column specs ({@code {"type": "double", "name": "x"}}) become one-value-per-row fields,
 * tensor specs ({@code {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}}) keep their shape.
 */
public final class MlflowModelFolder {
    /** The MLflow descriptor file's name. */
    public static final String MLMODEL = "MLmodel";

    private static final ObjectMapper YAML = new YAMLMapper();

    private MlflowModelFolder() {}

    /**
     * @param directory a folder
     * @return whether it holds an {@code MLmodel} file
     */
    public static boolean isMlflowModel(Path directory) {
        return Files.isRegularFile(directory.resolve(MLMODEL));
    }

    /**
     * @param directory an MLflow model folder
     * @return the ONNX file its onnx flavor names
     * @throws UnsupportedTangoOperationException if the model has no onnx flavor
     * @throws TangoException if {@code MLmodel} is corrupt, or the file it names is missing or outside the folder (by its
     *     name or a symbolic link: see {@link ModelFolders})
     */
    public static Path onnxFile(Path directory) {
        JsonNode mlmodel = read(directory);
        JsonNode flavors = mlmodel.path("flavors");
        JsonNode onnx = flavors.path("onnx");
        if (onnx.isMissingNode() || onnx.isNull()) {
            List<String> names = new ArrayList<>();
            flavors.fieldNames().forEachRemaining(names::add);
            throw new UnsupportedTangoOperationException("MLflow model at " + directory + " has flavors " + names
                    + "; plugin-local runs only the 'onnx' flavor");
        }
        String data = onnx.path("data").asText("model.onnx");
        Path file = ModelFolders.fileInside(directory, data, "MLflow model at " + directory);
        if (!Files.isRegularFile(file)) {
            throw new TangoException("MLflow model at " + directory + " names the ONNX file '" + data + "', which is missing");
        }
        return file;
    }

    /**
     * Describes an MLflow ONNX model folder.
     *
     * @param key the key it was found by
     * @param directory the folder
     * @param origin who describes it
     * @return the descriptor: format {@code onnx}, artifact path = the folder
     * @throws UnsupportedTangoOperationException if the model has no onnx flavor
     * @throws TangoException if {@code MLmodel} is corrupt
     */
    public static ModelDescriptor describe(ModelKey key, Path directory, String origin) {
        JsonNode mlmodel = read(directory);
        Path onnxFile = onnxFile(directory);
        String name = directory.toAbsolutePath().normalize().getFileName().toString();
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, name, "onnx")
                .artifactPath(directory)
                .signature(signature(directory, mlmodel.path("signature")))
                .metadata("onnx.file", directory.relativize(onnxFile).toString())
                .origin(origin);
        for (String field : List.of("run_id", "model_uuid", "model_id", "mlflow_version", "utc_time_created", "artifact_path")) {
            JsonNode value = mlmodel.get(field);
            if (value != null && !value.isNull()) {
                builder.metadata("mlflow." + field, value.asText());
            }
        }
        return builder.build();
    }

    private static JsonNode read(Path directory) {
        Path file = directory.resolve(MLMODEL);
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new TangoException("MLflow model file " + file + " is corrupt: expected a YAML mapping");
            }
            return node;
        } catch (IOException e) {
            throw new TangoException("MLflow model file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static ModelSignature signature(Path directory, JsonNode signature) {
        if (signature.isMissingNode() || signature.isNull()) {
            return ModelSignature.UNKNOWN;
        }
        try {
            return new ModelSignature(fields(signature.get("inputs")), fields(signature.get("outputs")));
        } catch (IOException | IllegalArgumentException e) {
            throw new TangoException("MLflow model at " + directory + " has a corrupt signature: " + e.getMessage(), e);
        }
    }

    private static List<FieldSpec> fields(JsonNode specs) throws IOException {
        List<FieldSpec> fields = new ArrayList<>();
        if (specs == null || specs.isNull()) {
            return fields;
        }
        // MLflow writes the specs as a JSON string; tolerate a YAML list too.
        JsonNode list = specs.isTextual() ? Json.MAPPER.readTree(specs.asText()) : specs;
        if (!list.isArray()) {
            throw new IllegalArgumentException("expected a list of specs, got " + list.getNodeType());
        }
        int position = 0;
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); position++) {
            JsonNode spec = it.next();
            String name = spec.path("name").asText(position == 0 && !it.hasNext() ? "input" : "input_" + position);
            boolean required = spec.path("required").asBoolean(true);
            String type = spec.path("type").asText("");
            if (type.equals("tensor")) {
                JsonNode tensor = spec.path("tensor-spec");
                List<Long> shape = new ArrayList<>();
                tensor.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
                fields.add(new FieldSpec(name, tensorType(tensor.path("dtype").asText("")), shape, required, "",
                        Optional.empty(), List.of()));
            } else {
                fields.add(new FieldSpec(name, columnType(type), List.of(-1L), required, "", Optional.empty(), List.of()));
            }
        }
        return fields;
    }

    private static DataType columnType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "boolean" -> DataType.BOOLEAN;
            case "integer" -> DataType.INT32;
            case "long" -> DataType.INT64;
            case "float" -> DataType.FLOAT32;
            case "double" -> DataType.FLOAT64;
            case "string", "datetime" -> DataType.STRING;
            case "binary" -> DataType.BYTES;
            case "array", "object", "map" -> DataType.OBJECT;
            default -> DataType.UNKNOWN;
        };
    }

    private static DataType tensorType(String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bool" -> DataType.BOOLEAN;
            case "int8", "uint8" -> DataType.INT8;
            case "int16", "uint16" -> DataType.INT16;
            case "int32", "uint32" -> DataType.INT32;
            case "int64", "uint64" -> DataType.INT64;
            case "float16", "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            case "str", "object", "string" -> DataType.STRING;
            case "bytes" -> DataType.BYTES;
            default -> DataType.UNKNOWN;
        };
    }
}
