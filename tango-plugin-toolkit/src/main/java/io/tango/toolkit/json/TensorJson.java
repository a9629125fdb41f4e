package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.tango.api.DataType;
import io.tango.api.Tensor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A {@link Tensor} in JSON: nested arrays following the shape, a bare value for rank 0.
 *
 * <p>Writing gives {@link Tensor#toNestedList()}: integers of every width and signedness as JSON integers (UINT64
 * values past {@link Long#MAX_VALUE} too), FLOAT16 and BFLOAT16 as the floats they hold, floats as JSON numbers
 * through {@link JsonGenerator}{@code .writeNumber}, so the mapper decides how NaN and the infinities look (Jackson's
 * default writes the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; with
 * {@code JsonWriteFeature.WRITE_NAN_AS_STRINGS} disabled it writes the bare tokens MLflow also accepts). A shape with a
 * zero dimension is written only down to that dimension: {@code [0, 3]} is {@code []}.
 *
 * <p>Reading infers the shape from the first element at each depth and the type from the elements: all booleans give
 * {@link DataType#BOOLEAN}, all integers {@link DataType#INT64}, numbers of which any is written with a fraction or
 * exponent (or is a bare NaN or infinity) {@link DataType#FLOAT64}, all strings {@link DataType#STRING}; no elements
 * at all give {@link DataType#FLOAT64}. Stateless.
 */
public final class TensorJson {
    private TensorJson() {}

    /**
     * @param node nested JSON arrays of booleans, numbers or strings, or one such value
     * @return the tensor they hold
     * @throws IllegalArgumentException naming the JSON path ({@code $[1][0]}) of the first element that is out of
     *     place: an array of another length than its first sibling ({@code ragged array: $[1] has 2 elements
     *     where $[0] has 3}), a value where an array was expected or the reverse, a null or an object, a type unlike the
     *     first element's ({@code mixed element types: $[1] is a string but $[0] is a number}), or an integer beyond
     *     64 bits
     * @throws NullPointerException if {@code node} is null
     */
    public static Tensor read(JsonNode node) {
        requireNonNull(node, "node is null");
        List<Long> dimensions = new ArrayList<>();
        for (JsonNode first = node; first.isArray(); first = first.get(0)) {
            dimensions.add((long) first.size());
            if (first.isEmpty()) {
                break;
            }
        }
        long[] shape = dimensions.stream().mapToLong(Long::longValue).toArray();
        List<JsonNode> elements = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        collect(node, "$", 0, shape, elements, paths);
        if (elements.isEmpty()) {
            return Tensor.ofDoubles(new double[0], shape);
        }
        JsonNode first = elements.get(0);
        boolean fraction = false;
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (element.getNodeType() != first.getNodeType()) {
                throw new IllegalArgumentException("mixed element types: " + paths.get(i) + " is " + describe(element)
                        + " but " + paths.get(0) + " is " + describe(first));
            }
            fraction |= element.isNumber() && !element.isIntegralNumber();
        }
        int count = elements.size();
        if (first.isBoolean()) {
            boolean[] values = new boolean[count];
            for (int i = 0; i < count; i++) {
                values[i] = elements.get(i).booleanValue();
            }
            return Tensor.ofBooleans(values, shape);
        }
        if (first.isTextual()) {
            return Tensor.ofStrings(elements.stream().map(JsonNode::textValue).toList(), shape);
        }
        if (fraction) {
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = elements.get(i).doubleValue();
            }
            return Tensor.ofDoubles(values, shape);
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            if (!elements.get(i).canConvertToLong()) {
                throw new IllegalArgumentException(paths.get(i) + " is " + elements.get(i).asText()
                        + ", which does not fit a 64-bit integer");
            }
            values[i] = elements.get(i).longValue();
        }
        return Tensor.ofLongs(values, shape);
    }

    private static void collect(JsonNode node, String path, int depth, long[] shape, List<JsonNode> elements,
            List<String> paths) {
        if (depth < shape.length) {
            if (!node.isArray()) {
                throw new IllegalArgumentException("ragged array: " + path + " is " + describe(node) + " where "
                        + firstOf(path) + " is an array of " + shape[depth]);
            }
            if (node.size() != shape[depth]) {
                throw new IllegalArgumentException("ragged array: " + path + " has " + node.size() + " elements where "
                        + firstOf(path) + " has " + shape[depth]);
            }
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", depth + 1, shape, elements, paths);
            }
            return;
        }
        if (node.isArray()) {
            throw new IllegalArgumentException("ragged array: " + path + " is " + describe(node) + " where "
                    + firstOf(path) + " is a value");
        }
        if (!node.isBoolean() && !node.isNumber() && !node.isTextual()) {
            throw new IllegalArgumentException(path + " is " + describe(node)
                    + "; a tensor holds booleans, numbers or strings");
        }
        elements.add(node);
        paths.add(path);
    }

    /** @return the path of the first element at the same depth: {@code $[1][2]} gives {@code $[0][0]} */
    private static String firstOf(String path) {
        return path.replaceAll("\\[\\d+]", "[0]");
    }

    /** @return what a node is, for messages: "a number", "an array of 3", "null" */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array of " + node.size();
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case OBJECT -> "an object";
            case NULL, MISSING -> "null";
            default -> "binary data";
        };
    }

    /**
     * @param tensor the tensor
     * @param generator where its nested arrays are written
     * @param provider the mapper's serializers, which write the elements
     * @throws IOException if the generator cannot write
     */
    static void write(Tensor tensor, JsonGenerator generator, SerializerProvider provider) throws IOException {
        provider.defaultSerializeValue(tensor.toNestedList(), generator);
    }
}
