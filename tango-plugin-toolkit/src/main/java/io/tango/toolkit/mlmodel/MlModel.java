package io.tango.toolkit.mlmodel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code MLmodel} file: the YAML at the root of every MLflow model folder, naming its flavors, its signature and its
 * input example. The one reader every plugin uses, so one file yields one signature.
 *
 * <p>The signature's {@code inputs}, {@code outputs} and {@code params} are JSON strings inside the YAML (a YAML list
 * is read too); {@link #signature()} maps column and tensor specs to TANGO's types as {@link MlflowTypes} and
 * {@link SchemaReader} say. YAML aliases are kept as they are written, never expanded, so a small hostile file stays
 * small. Every problem with a file is a {@link TangoException} whose message starts with {@code MLmodel file of}.
 * Immutable and thread-safe.
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

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;
    private final String where;

    private MlModel(ObjectNode root, String where) {
        this.root = root;
        this.where = where;
    }

    /**
     * @param yaml the file's content
     * @param where where it comes from, for error messages, e.g. {@code models:/iris/1}
     * @return the parsed file
     * @throws TangoException if the text is not YAML or not a map
     */
    public static MlModel parse(String yaml, String where) {
        requireNonNull(yaml, "yaml is null");
        requireNonNull(where, "where is null");
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new TangoException("MLmodel file of " + where + " is not valid YAML: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new TangoException("MLmodel file of " + where + " is not a YAML map");
        }
        return new MlModel((ObjectNode) node, where);
    }

    /**
     * @param folder an MLflow model folder
     * @return whether it holds an {@value #FILE_NAME} file
     */
    public static boolean isModelFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE_NAME));
    }

    /**
     * @param folder an MLflow model folder
     * @return its parsed {@value #FILE_NAME} file
     * @throws TangoException if the file cannot be read, is not YAML or not a map
     */
    public static MlModel read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TangoException("MLmodel file of " + folder + " cannot be read: " + e, e);
        }
        return parse(text, folder.toString());
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
     * @return its text value, when present and neither null nor a map or list
     */
    public Optional<String> text(String key) {
        JsonNode value = root.get(key);
        return value == null || value.isNull() || value.isContainerNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /** @return the ONNX flavor's model file ({@code data}, usually {@code model.onnx}), when it is an ONNX model */
    public Optional<String> onnxFile() {
        return flavorText(ONNX_FLAVOR, "data");
    }

    /** @return the pyfunc flavor's {@code loader_module}, when it has one */
    public Optional<String> pyfuncLoaderModule() {
        return flavorText(PYFUNC_FLAVOR, "loader_module");
    }

    private Optional<String> flavorText(String flavor, String key) {
        JsonNode value = root.path("flavors").path(flavor).path(key);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** @return where the input example is kept, when one was saved */
    public Optional<InputExample> inputExample() {
        JsonNode info = root.path("saved_input_example_info");
        JsonNode file = info.path("artifact_path");
        if (!file.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new InputExample(file.asText(), textOf(info.path("type")),
                textOf(info.path("serving_input_path"))));
    }

    /** @return the input example's file, when one was saved */
    public Optional<String> inputExampleFile() {
        return inputExample().map(InputExample::artifactPath);
    }

    /** @return the signature's {@code params} as the JSON text MLflow stores, when declared */
    public Optional<String> signatureParams() {
        JsonNode params = root.path("signature").path("params");
        return params.isTextual() && !params.asText().isBlank() ? Optional.of(params.asText()) : Optional.empty();
    }

    /**
     * @return the declared signature, {@link ModelSignature#UNKNOWN} when there is none
     * @throws TangoException if the signature is corrupt: not JSON, or specs MLflow itself would refuse
     */
    public ModelSignature signature() {
        JsonNode signature = root.path("signature");
        if (signature.isMissingNode() || signature.isNull()) {
            return ModelSignature.UNKNOWN;
        }
        if (!signature.isObject()) {
            throw SchemaReader.corrupt(where, "signature is not a map");
        }
        return new ModelSignature(
                SchemaReader.read(specs(signature.path("inputs"), "inputs"), "inputs", where),
                SchemaReader.read(specs(signature.path("outputs"), "outputs"), "outputs", where));
    }

    /**
     * @return the whole file as plain values, with the signature's JSON strings parsed (JSON-like maps, lists,
     *     strings, numbers, booleans)
     * @throws TangoException if a signature part is not valid JSON
     */
    public Map<String, Object> asMap() {
        ObjectNode copy = root.deepCopy();
        if (copy.path("signature") instanceof ObjectNode signature) {
            for (String part : List.of("inputs", "outputs", "params")) {
                JsonNode value = signature.get(part);
                if (value != null && value.isTextual()) {
                    signature.set(part, parseJson(value.asText(), part));
                }
            }
        }
        return JSON.convertValue(copy, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    private JsonNode specs(JsonNode part, String name) {
        return part.isTextual() ? parseJson(part.asText(), name) : part;
    }

    private JsonNode parseJson(String text, String part) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? JsonNodeFactory.instance.nullNode() : node;
        } catch (IOException e) {
            // The parser's message quotes the text: the part's name says enough.
            throw SchemaReader.corrupt(where, part + " is not valid JSON");
        }
    }

    private static Optional<String> textOf(JsonNode value) {
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "MlModel" + flavors().keySet();
    }
}
