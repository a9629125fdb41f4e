package io.tango.toolkit.oip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The Open Inference Protocol's REST documents in JSON: inference requests and responses, model metadata and the
 * error body, read from and written to UTF-8 bytes.
 *
 * <p>Reading is as lenient as the servers in the field need and strict about everything else: {@code data} may be
 * flat or nested (row-major either way) and a one-element tensor's data may be a bare value; {@code null} stands for a
 * missing optional field ({@code "parameters": null}, {@code "model_version": null}); unknown fields are ignored;
 * FP32 and FP64 elements may be {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}. Everything else that is
 * wrong is an {@link InvalidRequestException} naming the JSON path and the problem, e.g.
 * {@code inputs[0].shape [2, 3] needs 6 elements, data has 5}: malformed JSON, a duplicate key, a missing or mistyped
 * field, an unknown datatype, an element out of its datatype's range, a shape whose element count exceeds
 * {@link Integer#MAX_VALUE}, FP16 or BF16 data in JSON (they travel only as binary data, see
 * {@link OipBinaryExtension}), and arrays and objects nested deeper than {@value #MAX_NESTING_DEPTH} levels (refused
 * while parsing, before a tree is built). Names and values quoted in messages are cut to 40 characters. Writing gives
 * flat {@code data} arrays.
 *
 * <p>Stateless and thread-safe.
 */
public final class OipJson {
    /**
     * The deepest nesting of arrays and objects read: a request's tensor data sits four levels down and needs one
     * level per dimension, and NumPy's arrays have at most 64. Deeper documents are refused before they are built.
     */
    public static final int MAX_NESTING_DEPTH = 100;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private OipJson() {}

    // ---- inference request ---------------------------------------------------------------------------------------

    /**
     * @param json an inference request, UTF-8
     * @return the request
     * @throws InvalidRequestException naming the JSON path of the first problem; for inputs given as binary data
     *     ({@code binary_data_size}), which need {@link OipBinaryExtension#readRequest}
     * @throws NullPointerException if {@code json} is null
     */
    public static OipInferenceRequest readRequest(byte[] json) {
        requireNonNull(json, "json is null");
        return readRequest(parse(json, 0, json.length, "inference request"), null);
    }

    /**
     * @param request an inference request whose tensors all have JSON forms (no FP16 or BF16)
     * @return its JSON, UTF-8
     * @throws InvalidRequestException naming an FP16 or BF16 input
     * @throws NullPointerException if {@code request} is null
     */
    public static byte[] writeRequest(OipInferenceRequest request) {
        requireNonNull(request, "request is null");
        return bytes(generator -> writeRequest(generator, request, input -> false, null));
    }

    static OipInferenceRequest readRequest(JsonNode root, ByteBuffer binary) {
        object(root, "the inference request");
        Optional<String> id = optionalText(root, "id");
        Map<String, Object> parameters = parameters(root.get("parameters"), "parameters");
        JsonNode inputsNode = array(root.get("inputs"), "inputs", true);
        List<OipTensor> inputs = tensors(inputsNode, "inputs", binary);
        List<OipRequestedOutput> outputs = new ArrayList<>();
        JsonNode outputsNode = array(root.get("outputs"), "outputs", false);
        Set<String> names = new HashSet<>();
        for (int i = 0; outputsNode != null && i < outputsNode.size(); i++) {
            String path = "outputs[" + i + "]";
            JsonNode output = object(outputsNode.get(i), path);
            String name = requiredText(output, "name", path);
            if (!names.add(name)) {
                throw new InvalidRequestException(path + ".name '" + abbreviate(name) + "' is given twice");
            }
            outputs.add(new OipRequestedOutput(name, parameters(output.get("parameters"), path + ".parameters")));
        }
        checkConsumed(binary);
        return new OipInferenceRequest(id, parameters, inputs, outputs);
    }

    /** Writes a request straight into {@code generator}, no tree, as {@link #writeResponse} writes responses. */
    static void writeRequest(JsonGenerator generator, OipInferenceRequest request, Predicate<OipTensor> binary,
            ByteArrayOutputStream sink) throws IOException {
        generator.writeStartObject();
        if (request.id().isPresent()) {
            generator.writeStringField("id", request.id().get());
        }
        if (!request.parameters().isEmpty()) {
            writeParameters(generator, request.parameters(), Map.of());
        }
        writeTensors(generator, "inputs", request.inputs(), "input", binary, sink);
        if (!request.outputs().isEmpty()) {
            generator.writeArrayFieldStart("outputs");
            for (OipRequestedOutput output : request.outputs()) {
                generator.writeStartObject();
                generator.writeStringField("name", output.name());
                if (!output.parameters().isEmpty()) {
                    writeParameters(generator, output.parameters(), Map.of());
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }
        generator.writeEndObject();
    }

    // ---- inference response --------------------------------------------------------------------------------------

    /**
     * @param json an inference response, UTF-8
     * @return the response
     * @throws InvalidRequestException naming the JSON path of the first problem; for outputs given as binary data,
     *     which need {@link OipBinaryExtension#readResponse}
     * @throws NullPointerException if {@code json} is null
     */
    public static OipInferenceResponse readResponse(byte[] json) {
        requireNonNull(json, "json is null");
        return readResponse(parse(json, 0, json.length, "inference response"), null);
    }

    /**
     * @param response an inference response whose tensors all have JSON forms (no FP16 or BF16)
     * @return its JSON, UTF-8
     * @throws InvalidRequestException naming an FP16 or BF16 output
     * @throws NullPointerException if {@code response} is null
     */
    public static byte[] writeResponse(OipInferenceResponse response) {
        requireNonNull(response, "response is null");
        return bytes(generator -> writeResponse(generator, response, output -> false, null));
    }

    static OipInferenceResponse readResponse(JsonNode root, ByteBuffer binary) {
        object(root, "the inference response");
        String modelName = optionalText(root, "model_name").orElse("");
        Optional<String> modelVersion = optionalText(root, "model_version");
        Optional<String> id = optionalText(root, "id");
        Map<String, Object> parameters = parameters(root.get("parameters"), "parameters");
        List<OipTensor> outputs = tensors(array(root.get("outputs"), "outputs", true), "outputs", binary);
        checkConsumed(binary);
        return new OipInferenceResponse(modelName, modelVersion, id, parameters, outputs);
    }

    /**
     * Writes a response straight into {@code generator}: the servers answer every inference request with one, so no
     * tree is built per answer.
     */
    static void writeResponse(JsonGenerator generator, OipInferenceResponse response, Predicate<OipTensor> binary,
            ByteArrayOutputStream sink) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("model_name", response.modelName());
        if (response.modelVersion().isPresent()) {
            generator.writeStringField("model_version", response.modelVersion().get());
        }
        if (response.id().isPresent()) {
            generator.writeStringField("id", response.id().get());
        }
        if (!response.parameters().isEmpty()) {
            writeParameters(generator, response.parameters(), Map.of());
        }
        writeTensors(generator, "outputs", response.outputs(), "output", binary, sink);
        generator.writeEndObject();
    }

    private static void writeTensors(JsonGenerator generator, String field, List<OipTensor> tensors, String role,
            Predicate<OipTensor> binary, ByteArrayOutputStream sink) throws IOException {
        generator.writeArrayFieldStart(field);
        for (OipTensor tensor : tensors) {
            generator.writeStartObject();
            generator.writeStringField("name", tensor.name());
            generator.writeArrayFieldStart("shape");
            for (long dimension : tensor.tensor().shape()) {
                generator.writeNumber(dimension);
            }
            generator.writeEndArray();
            generator.writeStringField("datatype", tensor.datatype().wireName());
            if (binary.test(tensor)) {
                int size = OipTensors.toBinary(tensor.tensor(), sink);
                writeParameters(generator, tensor.parameters(), Map.of(OipParameters.BINARY_DATA_SIZE, size));
            } else {
                if (!tensor.parameters().isEmpty()) {
                    writeParameters(generator, tensor.parameters(), Map.of());
                }
                generator.writeFieldName("data");
                OipTensors.writeJson(generator, tensor.tensor(), role, tensor.name());
            }
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /** Writes the field {@code parameters}: {@code parameters}, then {@code extra}. */
    private static void writeParameters(JsonGenerator generator, Map<String, Object> parameters, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(parameters);
        all.putAll(extra);
        generator.writeObjectFieldStart("parameters");
        for (Map.Entry<String, Object> entry : all.entrySet()) {
            generator.writeFieldName(entry.getKey());
            generator.writeTree(MAPPER.valueToTree(entry.getValue()));
        }
        generator.writeEndObject();
    }

    /** Writes a JSON document with {@link #MAPPER}'s settings, as {@link #bytes(JsonNode)} serializes a tree. */
    static byte[] bytes(JsonWriter writer) {
        // With the factory's recycled buffers, as ObjectMapper.writeValueAsBytes writes: no fresh block per answer.
        BufferRecycler recycler = MAPPER.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
            try (JsonGenerator generator = MAPPER.createGenerator(out)) {
                writer.write(generator);
            }
            return out.getClearAndRelease();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            recycler.releaseToPool();
        }
    }

    /** Writes one JSON document. */
    @FunctionalInterface
    interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    // ---- server metadata ------------------------------------------------------------------------------------------

    /**
     * @param json a server metadata response, UTF-8
     * @return the metadata; {@code version} empty and {@code extensions} empty when left out
     * @throws InvalidRequestException naming the JSON path of the first problem
     * @throws NullPointerException if {@code json} is null
     */
    public static OipServerMetadata readServerMetadata(byte[] json) {
        requireNonNull(json, "json is null");
        JsonNode root = object(parse(json, 0, json.length, "server metadata"), "the server metadata");
        return new OipServerMetadata(requiredText(root, "name", ""), optionalText(root, "version").orElse(""),
                texts(root.get("extensions"), "extensions"));
    }

    /**
     * @param metadata server metadata
     * @return its JSON, UTF-8
     * @throws NullPointerException if {@code metadata} is null
     */
    public static byte[] writeServerMetadata(OipServerMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("name", metadata.name())
                .put("version", metadata.version());
        ArrayNode extensions = root.putArray("extensions");
        metadata.extensions().forEach(extensions::add);
        return bytes(root);
    }

    // ---- model metadata -------------------------------------------------------------------------------------------

    /**
     * @param json a model metadata response, UTF-8
     * @return the metadata; {@code versions} and {@code platform} empty when left out, {@code inputs} and
     *     {@code outputs} empty when left out (MLServer leaves them out for undeclared models)
     * @throws InvalidRequestException naming the JSON path of the first problem
     * @throws NullPointerException if {@code json} is null
     */
    public static OipModelMetadata readModelMetadata(byte[] json) {
        requireNonNull(json, "json is null");
        JsonNode root = object(parse(json, 0, json.length, "model metadata"), "the model metadata");
        String name = requiredText(root, "name", "");
        List<String> versions = texts(root.get("versions"), "versions");
        String platform = optionalText(root, "platform").orElse("");
        return new OipModelMetadata(name, versions, platform,
                new ModelSignature(fields(root.get("inputs"), "inputs"), fields(root.get("outputs"), "outputs")));
    }

    /**
     * @param metadata model metadata
     * @return its JSON, UTF-8: {@code versions} left out when empty; each field's datatype per
     *     {@link OipDatatype#of} and its shape as declared ({@code -1} variable)
     * @throws NullPointerException if {@code metadata} is null
     */
    public static byte[] writeModelMetadata(OipModelMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", metadata.name());
        if (!metadata.versions().isEmpty()) {
            ArrayNode versions = root.putArray("versions");
            metadata.versions().forEach(versions::add);
        }
        root.put("platform", metadata.platform());
        root.set("inputs", fieldsNode(metadata.signature().inputs()));
        root.set("outputs", fieldsNode(metadata.signature().outputs()));
        return bytes(root);
    }

    private static List<FieldSpec> fields(JsonNode node, String path) {
        JsonNode array = array(node, path, false);
        List<FieldSpec> fields = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            String fieldPath = path + "[" + i + "]";
            JsonNode field = object(array.get(i), fieldPath);
            String name = requiredText(field, "name", fieldPath);
            OipDatatype datatype = datatype(field, fieldPath);
            long[] shape = OipTensors.shape(field.get("shape"), fieldPath + ".shape", -1);
            fields.add(FieldSpec.of(name, datatype.dataType(), shape));
        }
        return fields;
    }

    private static ArrayNode fieldsNode(List<FieldSpec> fields) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (FieldSpec field : fields) {
            ObjectNode node = array.addObject().put("name", field.name())
                    .put("datatype", OipDatatype.of(field.type()).wireName());
            ArrayNode shape = node.putArray("shape");
            field.shape().forEach(shape::add);
        }
        return array;
    }

    // ---- error ----------------------------------------------------------------------------------------------------

    /**
     * @param message what went wrong
     * @return {@code {"error": message}}, UTF-8
     * @throws NullPointerException if {@code message} is null
     */
    public static byte[] writeError(String message) {
        requireNonNull(message, "message is null");
        return bytes(JsonNodeFactory.instance.objectNode().put("error", message));
    }

    /**
     * @param body an error response's body
     * @return its {@code error} text, if the body is a JSON object with a string {@code error}; never throws on a body
     *     that is not
     * @throws NullPointerException if {@code body} is null
     */
    public static Optional<String> readError(byte[] body) {
        requireNonNull(body, "body is null");
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isTextual() ? Optional.of(error.textValue()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- shared ---------------------------------------------------------------------------------------------------

    static JsonNode parse(byte[] body, int offset, int length, String what) {
        try {
            JsonNode root = MAPPER.readTree(body, offset, length);
            if (root == null || root.isMissingNode()) {
                throw new InvalidRequestException("the " + what + " is empty; it must be a JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("the " + what + " is refused before it is read: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    private static List<OipTensor> tensors(JsonNode array, String path, ByteBuffer binary) {
        List<OipTensor> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String tensorPath = path + "[" + i + "]";
            JsonNode node = object(array.get(i), tensorPath);
            String name = requiredText(node, "name", tensorPath);
            if (!names.add(name)) {
                throw new InvalidRequestException(tensorPath + ".name '" + abbreviate(name) + "' is given twice");
            }
            OipDatatype datatype = datatype(node, tensorPath);
            long[] shape = OipTensors.shape(node.get("shape"), tensorPath + ".shape", 0);
            Map<String, Object> parameters = parameters(node.get("parameters"), tensorPath + ".parameters");
            JsonNode data = node.get("data");
            boolean hasData = data != null && !data.isNull();
            Object binarySize = parameters.get(OipParameters.BINARY_DATA_SIZE);
            Tensor tensor;
            if (binarySize != null) {
                if (hasData) {
                    throw new InvalidRequestException(tensorPath + " has both data and parameters.binary_data_size;"
                            + " a tensor is given one way");
                }
                tensor = OipTensors.fromBinary(binarySlice(binary, binarySize, tensorPath), datatype, shape, tensorPath);
            } else if (hasData) {
                tensor = OipTensors.fromJson(data, datatype, shape, tensorPath);
            } else {
                throw new InvalidRequestException(tensorPath + ".data is missing (and it has no"
                        + " parameters.binary_data_size)");
            }
            tensors.add(new OipTensor(name, tensor, parameters));
        }
        return tensors;
    }

    private static ByteBuffer binarySlice(ByteBuffer binary, Object binarySize, String path) {
        String sizePath = path + ".parameters.binary_data_size";
        if (!(binarySize instanceof Long || binarySize instanceof Integer) || ((Number) binarySize).longValue() < 0) {
            throw new InvalidRequestException(sizePath + " is " + describeValue(binarySize)
                    + "; it must be an integer >= 0");
        }
        if (binary == null) {
            throw new InvalidRequestException(sizePath + " is given, but the body has no binary data: a binary tensor"
                    + " needs the Inference-Header-Content-Length header and its bytes after the JSON");
        }
        long size = ((Number) binarySize).longValue();
        if (size > binary.remaining()) {
            throw new InvalidRequestException(sizePath + " is " + size + " but only " + binary.remaining()
                    + " bytes of binary data remain after the JSON header and the tensors before it");
        }
        ByteBuffer slice = binary.slice().limit((int) size);
        binary.position(binary.position() + (int) size);
        return slice;
    }

    private static void checkConsumed(ByteBuffer binary) {
        if (binary != null && binary.hasRemaining()) {
            throw new InvalidRequestException("the body has " + binary.remaining() + " bytes of binary data that no"
                    + " tensor's binary_data_size accounts for");
        }
    }

    private static Map<String, Object> parameters(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        object(node, path);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            Object parameter;
            if (value.isTextual()) {
                parameter = value.textValue();
            } else if (value.isBoolean()) {
                parameter = value.booleanValue();
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                parameter = value.longValue();
            } else if (value.isNumber()) {
                parameter = value.doubleValue();
            } else {
                throw new InvalidRequestException(path + "." + abbreviate(entry.getKey()) + " is " + describe(value)
                        + "; a parameter is a string, a number or a boolean");
            }
            parameters.put(entry.getKey(), parameter);
        }
        return parameters;
    }

    private static List<String> texts(JsonNode node, String path) {
        JsonNode array = array(node, path, false);
        List<String> texts = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            JsonNode text = array.get(i);
            if (!text.isTextual()) {
                throw new InvalidRequestException(path + "[" + i + "] is " + describe(text) + "; it must be a string");
            }
            texts.add(text.textValue());
        }
        return texts;
    }

    private static OipDatatype datatype(JsonNode node, String path) {
        String wireName = requiredText(node, "datatype", path);
        return OipDatatype.fromWireName(wireName).orElseThrow(() -> new InvalidRequestException(path + ".datatype '"
                + abbreviate(wireName) + "' is not an OIP datatype; the datatypes are " + OipDatatype.wireNames()));
    }

    private static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(path + " is " + describe(node) + "; it must be a JSON object");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, String path, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidRequestException(path + " is missing");
            }
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidRequestException(path + " is " + describe(node) + "; it must be an array");
        }
        return node;
    }

    private static String requiredText(JsonNode node, String field, String path) {
        String fieldPath = path.isEmpty() ? field : path + "." + field;
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRequestException(fieldPath + " is missing");
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(fieldPath + " is " + describe(value) + "; it must be a string");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(field + " is " + describe(value) + "; it must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** @return what a node is, for messages: {@code "abc"}, {@code 1.5}, {@code an object}, {@code an array of 3} */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        if (node.isTextual()) {
            return "\"" + abbreviate(node.textValue()) + "\"";
        }
        return abbreviate(node.toString());
    }

    /**
     * @param text a name or value taken from the document, for a message
     * @return its first 40 characters and an ellipsis if it is longer, so that a hostile name cannot blow up an
     *     error message
     */
    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String describeValue(Object value) {
        return value instanceof String text ? "\"" + abbreviate(text) + "\"" : String.valueOf(value);
    }
}
