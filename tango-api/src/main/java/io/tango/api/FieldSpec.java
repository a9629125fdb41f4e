package io.tango.api;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One declared input or output of a model: an ONNX tensor, an MLflow signature column, a DEEPaaS argument.
 *
 * @param name the input's name, as the model expects it
 * @param type its element type
 * @param shape its dimensions; {@code -1} for a dynamic dimension; empty for a scalar or an undeclared shape
 * @param required whether a request must give it
 * @param description what it means, may be empty
 * @param defaultValue the value the model uses when it is not given, in text form
 * @param choices the allowed values, when restricted; empty otherwise
 */
public record FieldSpec(
        String name,
        DataType type,
        List<Long> shape,
        boolean required,
        String description,
        Optional<String> defaultValue,
        List<String> choices) {

    public FieldSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
        requireNonNull(description, "description is null");
        requireNonNull(defaultValue, "defaultValue is null");
        choices = List.copyOf(requireNonNull(choices, "choices is null"));
    }

    /**
     * A required field with a shape and nothing else declared.
     *
     * @param name the name
     * @param type the element type
     * @param shape the dimensions, {@code -1} for dynamic
     * @return the field
     */
    public static FieldSpec of(String name, DataType type, long... shape) {
        Long[] dims = new Long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return new FieldSpec(name, type, List.of(dims), true, "", Optional.empty(), List.of());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append(": ").append(type);
        if (!shape.isEmpty()) {
            text.append(shape);
        }
        if (!required) {
            text.append(" (optional");
            defaultValue.ifPresent(value -> text.append(", default ").append(value));
            text.append(')');
        }
        if (!choices.isEmpty()) {
            text.append(" one of ").append(choices);
        }
        return text.toString();
    }
}
