package io.tango.plugin.local.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads and writes {@link ModelSignature}s in the store's JSON form. */
public final class SignatureJson {
    private SignatureJson() {}

    /** @return the signature as {@code {"inputs": [...], "outputs": [...]}} */
    public static ObjectNode write(ModelSignature signature) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("inputs", writeFields(signature.inputs()));
        node.set("outputs", writeFields(signature.outputs()));
        return node;
    }

    private static ArrayNode writeFields(List<FieldSpec> fields) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (FieldSpec field : fields) {
            ObjectNode node = array.addObject();
            node.put("name", field.name());
            node.put("type", field.type().name().toLowerCase(Locale.ROOT));
            ArrayNode shape = node.putArray("shape");
            field.shape().forEach(shape::add);
            node.put("required", field.required());
            if (!field.description().isEmpty()) {
                node.put("description", field.description());
            }
            field.defaultValue().ifPresent(value -> node.put("default", value));
            if (!field.choices().isEmpty()) {
                ArrayNode choices = node.putArray("choices");
                field.choices().forEach(choices::add);
            }
        }
        return array;
    }

    /**
     * @param node a signature written by {@link #write}, or null
     * @return the signature; {@link ModelSignature#UNKNOWN} for null
     * @throws IllegalArgumentException if the node is malformed
     */
    public static ModelSignature read(JsonNode node) {
        if (node == null || node.isNull()) {
            return ModelSignature.UNKNOWN;
        }
        return new ModelSignature(readFields(node.get("inputs")), readFields(node.get("outputs")));
    }

    private static List<FieldSpec> readFields(JsonNode array) {
        List<FieldSpec> fields = new ArrayList<>();
        if (array == null || array.isNull()) {
            return fields;
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("signature fields must be a list, got " + array.getNodeType());
        }
        for (JsonNode node : array) {
            String name = text(node, "name");
            DataType type = DataType.valueOf(text(node, "type").toUpperCase(Locale.ROOT));
            List<Long> shape = new ArrayList<>();
            JsonNode shapeNode = node.get("shape");
            if (shapeNode != null) {
                shapeNode.forEach(dimension -> shape.add(dimension.asLong()));
            }
            List<String> choices = new ArrayList<>();
            JsonNode choicesNode = node.get("choices");
            if (choicesNode != null) {
                choicesNode.forEach(choice -> choices.add(choice.asText()));
            }
            fields.add(new FieldSpec(
                    name,
                    type,
                    shape,
                    node.path("required").asBoolean(true),
                    node.path("description").asText(""),
                    Optional.ofNullable(node.get("default")).map(JsonNode::asText),
                    choices));
        }
        return fields;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("signature field needs a text '" + field + "'");
        }
        return value.asText();
    }
}
