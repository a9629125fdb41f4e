package io.tango.toolkit.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.tango.api.Blob;
import io.tango.api.Tensor;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The plain Java values a JSON document holds (null, Boolean, Integer, Long, BigInteger, Double, String, List, Map
 * with String keys), and the request and response values that become them. Stateless and thread-safe.
 */
public final class PlainValues {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private PlainValues() {}

    /**
     * Turns columns into rows: one map per row, each holding every column's cell of that row, in the columns' order
     * (pandas' {@code records} orientation, MLflow's {@code dataframe_records}).
     *
     * @param columns the columns by name, each a {@link List} of the same length
     * @return the rows; empty for no columns
     * @throws IllegalArgumentException if a column is not a list, or the lists differ in length
     */
    public static List<Map<String, Object>> rowRecords(Map<String, ?> columns) {
        requireNonNull(columns, "columns is null");
        int rows = -1;
        for (Map.Entry<String, ?> column : columns.entrySet()) {
            if (!(column.getValue() instanceof List<?> cells)) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' is not a list");
            }
            if (rows >= 0 && cells.size() != rows) {
                throw new IllegalArgumentException("column '" + column.getKey() + "' has " + cells.size()
                        + " rows where the columns before it have " + rows);
            }
            rows = cells.size();
        }
        List<Map<String, Object>> records = new ArrayList<>(Math.max(rows, 0));
        for (int row = 0; row < rows; row++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Map.Entry<String, ?> column : columns.entrySet()) {
                record.put(column.getKey(), ((List<?>) column.getValue()).get(row));
            }
            records.add(record);
        }
        return records;
    }

    /**
     * The value in the form it takes in JSON: a {@link Tensor} becomes its {@link Tensor#toNestedList() nested lists},
     * a {@link Blob} its content as base64 text (RFC 4648, with padding, no line breaks); lists and maps are copied
     * deeply, map keys turned into strings with {@link String#valueOf}; anything else is returned as it is.
     *
     * @param value a request input or parameter, a response output, or an element of one; may be null
     * @return the value in its JSON form; null for null
     */
    public static Object of(Object value) {
        if (value instanceof Tensor tensor) {
            return tensor.toNestedList();
        }
        if (value instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.bytes());
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(of(element)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(String.valueOf(key), of(element)));
            return copy;
        }
        return value;
    }

    /**
     * @param node a parsed JSON value; may be null
     * @return it as plain Java values: objects become {@link LinkedHashMap}s in document order, arrays lists,
     *     integers Integer, Long or BigInteger by size, other numbers (NaN and infinities too) Double; null for a Java
     *     null, a JSON {@code null} or a missing node
     */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return plain(node);
    }

    /**
     * Walks the tree itself: the scoring servers call this for every cell of a request, and a
     * {@code convertValue} per cell (a token buffer and a deserialization context each) cost more than the parse.
     * Nodes a parser never builds (binary, POJO, short, float, decimal) still go through Jackson's conversion.
     */
    private static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    map.put(entry.getKey(), fromJson(entry.getValue()));
                }
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(fromJson(element));
                }
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NULL, MISSING -> {
                return null;
            }
            case NUMBER -> {
                if (node instanceof IntNode || node instanceof LongNode || node instanceof BigIntegerNode
                        || node instanceof DoubleNode) {
                    return node.numberValue();
                }
                return MAPPER.convertValue(node, Object.class);
            }
            default -> {
                return MAPPER.convertValue(node, Object.class);
            }
        }
    }
}
