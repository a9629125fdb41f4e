package io.tango.plugin.mlflow.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code MLmodel} file: the YAML at the root of every MLflow model folder, naming its flavors and its signature.
 *
 * <p>The signature's {@code inputs}, {@code outputs} and {@code params} are JSON strings inside the YAML; column-based
 * and tensor-based specs are both read. Immutable.
 */
public final class MlModel {
    /** The file's name. */
    public static final String FILE_NAME = "MLmodel";
    /** The ONNX flavor's name. */
    public static final String ONNX_FLAVOR = "onnx";
    /** The generic pyfunc flavor's name. */
    public static final String PYFUNC_FLAVOR = "python_function";
    /** The SHAP explainer flavor's name. */
    public static final String SHAP_FLAVOR = "shap";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;

    private MlModel(ObjectNode root) {
        this.root = root;
    }

    /**
     * @param yaml the file's content
     * @param where where it comes from, for error messages
     * @return the parsed file
     * @throws TangoException if the text is not an MLmodel YAML map
     */
    public static MlModel parse(String yaml, String where) {
        requireNonNull(yaml, "yaml is null");
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || !node.isObject()) {
                throw new TangoException("MLmodel file of " + where + " is not a YAML map");
            }
            return new MlModel((ObjectNode) node);
        } catch (IOException e) {
            throw new TangoException("MLmodel file of " + where + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** @return the flavors, by name, each with its parameters, in file order */
    public Map<String, JsonNode> flavors() {
        Map<String, JsonNode> flavors = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("flavors").fields();
        fields.forEachRemaining(entry -> flavors.put(entry.getKey(), entry.getValue()));
        return flavors;
    }

    /**
     * @param flavor a flavor name
     * @return whether the model has it
     */
    public boolean hasFlavor(String flavor) {
        return root.path("flavors").has(flavor);
    }

    /**
     * @param key a top-level key ({@code run_id}, {@code model_id}, {@code mlflow_version}, …)
     * @return its text value, when present and not null
     */
    public Optional<String> text(String key) {
        JsonNode value = root.get(key);
        return value == null || value.isNull() || value.isContainerNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /** @return the ONNX flavor's model file ({@code data}, usually {@code model.onnx}), when it is an ONNX model */
    public Optional<String> onnxFile() {
        JsonNode data = root.path("flavors").path(ONNX_FLAVOR).path("data");
        return data.isTextual() ? Optional.of(data.asText()) : Optional.empty();
    }

    /** @return the pyfunc flavor's {@code loader_module}, when it has one */
    public Optional<String> pyfuncLoaderModule() {
        JsonNode loader = root.path("flavors").path(PYFUNC_FLAVOR).path("loader_module");
        return loader.isTextual() ? Optional.of(loader.asText()) : Optional.empty();
    }

    /** @return the input example's file, when one was saved */
    public Optional<String> inputExampleFile() {
        JsonNode file = root.path("saved_input_example_info").path("artifact_path");
        return file.isTextual() ? Optional.of(file.asText()) : Optional.empty();
    }

    /** @return the signature's {@code params} as the JSON text MLflow stores, when declared */
    public Optional<String> signatureParams() {
        JsonNode params = root.path("signature").path("params");
        return params.isTextual() && !params.asText().isBlank() ? Optional.of(params.asText()) : Optional.empty();
    }

    /** @return the declared signature, {@link ModelSignature#UNKNOWN} when there is none */
    public ModelSignature signature() {
        JsonNode signature = root.path("signature");
        return new ModelSignature(fields(signature.path("inputs"), "input"), fields(signature.path("outputs"), "output"));
    }

    /**
     * @return the whole file as plain values, with the signature's JSON strings parsed (JSON-like maps, lists,
     *     strings, numbers, booleans)
     */
    public Map<String, Object> asMap() {
        ObjectNode copy = root.deepCopy();
        JsonNode signature = copy.path("signature");
        if (signature instanceof ObjectNode signatureNode) {
            for (String part : List.of("inputs", "outputs", "params")) {
                JsonNode value = signatureNode.get(part);
                if (value != null && value.isTextual()) {
                    signatureNode.set(part, parseJson(value.asText()));
                }
            }
        }
        return JSON.convertValue(copy, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    private static List<FieldSpec> fields(JsonNode specs, String what) {
        JsonNode parsed = specs.isTextual() ? parseJson(specs.asText()) : specs;
        List<FieldSpec> fields = new ArrayList<>();
        if (!parsed.isArray()) {
            return fields;
        }
        int index = 0;
        for (JsonNode spec : parsed) {
            String name = spec.path("name").isTextual() ? spec.get("name").asText() : (parsed.size() == 1 ? what : what + index);
            boolean required = !spec.has("required") || spec.get("required").asBoolean(true);
            String type = spec.path("type").asText("");
            if (type.equals("tensor")) {
                JsonNode tensor = spec.path("tensor-spec");
                List<Long> shape = new ArrayList<>();
                tensor.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
                fields.add(new FieldSpec(name, numpyType(tensor.path("dtype").asText("")), shape, required, "",
                        Optional.empty(), List.of()));
            } else {
                fields.add(new FieldSpec(name, columnType(type), List.of(), required, "", Optional.empty(), List.of()));
            }
            index++;
        }
        return fields;
    }

    private static JsonNode parseJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? JsonNodeFactory.instance.nullNode() : node;
        } catch (IOException e) {
            throw new TangoException("MLmodel signature is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** MLflow's column types. */
    static DataType columnType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "boolean" -> DataType.BOOLEAN;
            case "integer" -> DataType.INT32;
            case "long" -> DataType.INT64;
            case "float" -> DataType.FLOAT32;
            case "double" -> DataType.FLOAT64;
            case "string", "datetime" -> DataType.STRING;
            case "binary" -> DataType.BYTES;
            case "array", "object", "map", "any" -> DataType.OBJECT;
            default -> DataType.UNKNOWN;
        };
    }

    /** numpy's dtypes, as MLflow writes them in tensor specs. */
    static DataType numpyType(String dtype) {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bool" -> DataType.BOOLEAN;
            case "int8" -> DataType.INT8;
            case "int16", "uint8" -> DataType.INT16;
            case "int32", "uint16" -> DataType.INT32;
            case "int64", "uint32", "uint64" -> DataType.INT64;
            case "float16", "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            case "str", "unicode", "object" -> DataType.STRING;
            case "bytes" -> DataType.BYTES;
            default -> DataType.UNKNOWN;
        };
    }

    @Override
    public String toString() {
        return "MlModel" + flavors().keySet();
    }
}
