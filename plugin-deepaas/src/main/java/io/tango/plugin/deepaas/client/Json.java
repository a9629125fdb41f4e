package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON reading and writing for the plugin, and conversion of JSON trees to the plain Java values TANGO requests and
 * responses carry (String, Boolean, Integer, Long, BigInteger, Double, List, Map; null inside lists and maps).
 * Stateless; the mapper is configured once and never changed, so it is safe to share.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    /**
     * @param bytes JSON text
     * @return its tree
     * @throws IOException if it is not JSON
     */
    public static JsonNode parse(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    /**
     * @param value a plain value (maps, lists, scalars) or a tree
     * @return its compact JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * @param node a tree
     * @return its compact JSON text cut to 500 characters, for messages (a hostile server's answer may be huge)
     */
    public static String abbreviate(JsonNode node) {
        return abbreviate(node, text -> text);
    }

    /**
     * @param node a tree
     * @param redaction what to do to the whole text before it is cut (e.g. hide a token)
     * @return its compact JSON text, redacted, cut to 500 characters
     */
    public static String abbreviate(JsonNode node, java.util.function.UnaryOperator<String> redaction) {
        String text;
        try {
            text = write(node);
        } catch (IllegalArgumentException e) {
            text = "(" + node.getNodeType() + " that cannot be written back)";
        }
        text = redaction.apply(text);
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    /**
     * @param value a plain value (maps, lists, scalars) or a tree
     * @return its indented JSON text
     */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * @param node a JSON tree, may be null
     * @return the plain Java value: null for JSON null; unmodifiable maps (in document order) and lists
     */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            return value;
        }
        if (node.isBigDecimal()) {
            BigDecimal value = node.decimalValue();
            return value.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /**
     * @param node an object node
     * @return its fields as plain Java values, in document order
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        return (Map<String, Object>) toJava(node);
    }

    /**
     * @param node a scalar or a structure
     * @return a scalar's text ({@code 0.2}, {@code false}, {@code cm}), or a structure's compact JSON
     */
    public static String toText(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        return write(node);
    }

    /**
     * @param value a plain Java value, may be null
     * @return a string's own text, or the JSON text of anything else
     */
    public static String toText(Object value) {
        return value instanceof String text ? text : write(value);
    }
}
