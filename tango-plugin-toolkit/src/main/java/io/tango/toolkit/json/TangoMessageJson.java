package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@link TangoRequest}s and {@link TangoResponse}s in the JSON of MLflow's scoring protocol. Stateless.
 *
 * <p>A request is {@code {"inputs": {<name>: <value>, …}, "params": {<name>: <value>, …}}}, {@code params} left out
 * when there are none; the accepted content type is not written. Read back, values are {@link PlainValues}.
 *
 * <p>A response is {@code {"predictions": <value>}} for exactly one output (whatever its name) and
 * {@code {"predictions": {<name>: <value>, …}}} for any other number; each metadata entry is one more top-level key
 * (one named {@code predictions} is left out). Read back (see {@link #response}), a non-empty object under
 * {@code predictions} becomes one output per name, any other value the output {@value TangoResponse#PREDICTIONS}.
 */
public final class TangoMessageJson {
    private TangoMessageJson() {}

    /**
     * @param root an answer of MLflow's {@code /invocations}, or any JSON value
     * @return a {@link TangoResponse#JSON} response: for an object with {@code predictions}, a non-empty object there
     *     is one output per name and any other value the output {@value TangoResponse#PREDICTIONS}, and the other
     *     top-level keys are metadata; an object without {@code predictions} (an LLM-style payload) is one output per
     *     key; any other value is the output {@value TangoResponse#PREDICTIONS}. JSON nulls are left out, so a null
     *     (or missing) root gives a response without outputs.
     */
    public static TangoResponse response(JsonNode root) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (root == null || !root.isObject()) {
            putIfNotNull(outputs, TangoResponse.PREDICTIONS, root);
        } else if (root.has(TangoResponse.PREDICTIONS)) {
            JsonNode predictions = root.get(TangoResponse.PREDICTIONS);
            if (predictions.isObject() && !predictions.isEmpty()) {
                predictions.properties().forEach(field -> putIfNotNull(outputs, field.getKey(), field.getValue()));
            } else {
                putIfNotNull(outputs, TangoResponse.PREDICTIONS, predictions);
            }
            root.properties().forEach(field -> {
                if (!field.getKey().equals(TangoResponse.PREDICTIONS)) {
                    putIfNotNull(metadata, field.getKey(), field.getValue());
                }
            });
        } else {
            root.properties().forEach(field -> putIfNotNull(outputs, field.getKey(), field.getValue()));
        }
        return new TangoResponse(outputs, TangoResponse.JSON, metadata);
    }

    private static void putIfNotNull(Map<String, Object> target, String name, JsonNode node) {
        Object value = PlainValues.fromJson(node);
        if (value != null) {
            target.put(name, value);
        }
    }

    /**
     * @param root {@code {"inputs": {…}, "params": {…}}}, {@code params} optional
     * @return the request, its values {@link PlainValues}
     * @throws IllegalArgumentException if the root is not an object, has other fields, lacks {@code inputs}, if
     *     {@code inputs} or {@code params} is not an object, or a value in them is null
     * @throws NullPointerException if {@code root} is null
     */
    public static TangoRequest request(JsonNode root) {
        requireNonNull(root, "root is null");
        if (!root.isObject() || !root.has("inputs")) {
            throw new IllegalArgumentException("a request is an object with 'inputs' and optionally 'params', got "
                    + TensorJson.describe(root));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("inputs") && !name.equals("params")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; a request has 'inputs' and optionally"
                        + " 'params'");
            }
        }
        return new TangoRequest(named(root, "inputs"), named(root, "params"), Optional.empty());
    }

    private static Map<String, Object> named(JsonNode root, String field) {
        Map<String, Object> values = new LinkedHashMap<>();
        JsonNode node = root.get(field);
        if (node == null) {
            return values;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object from name to value, got "
                    + TensorJson.describe(node));
        }
        node.properties().forEach(entry -> {
            Object value = PlainValues.fromJson(entry.getValue());
            if (value == null) {
                throw new IllegalArgumentException("'" + field + "." + entry.getKey() + "' is null");
            }
            values.put(entry.getKey(), value);
        });
        return values;
    }

    /** Writes {@code {"inputs": …, "params": …}}, as the class describes. */
    static void write(TangoRequest request, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeStartObject();
        provider.defaultSerializeField("inputs", request.inputs(), generator);
        if (!request.parameters().isEmpty()) {
            provider.defaultSerializeField("params", request.parameters(), generator);
        }
        generator.writeEndObject();
    }

    /** Writes {@code {"predictions": …}} and the metadata, as the class describes. */
    static void write(TangoResponse response, JsonGenerator generator, SerializerProvider provider) throws IOException {
        Map<String, Object> outputs = response.outputs();
        generator.writeStartObject();
        provider.defaultSerializeField(TangoResponse.PREDICTIONS,
                outputs.size() == 1 ? outputs.values().iterator().next() : outputs, generator);
        for (Map.Entry<String, Object> entry : response.metadata().entrySet()) {
            if (!entry.getKey().equals(TangoResponse.PREDICTIONS)) {
                provider.defaultSerializeField(entry.getKey(), entry.getValue(), generator);
            }
        }
        generator.writeEndObject();
    }
}
