package io.tango.toolkit.mlmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.FieldSpec;
import io.tango.api.TangoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one part of an MLmodel signature ({@code inputs} or {@code outputs}: a list of column or tensor specs) into
 * {@link FieldSpec}s, by MLflow's rules for a schema:
 *
 * <ul>
 *   <li>specs are all columns or all tensors, and all named or all unnamed; an unnamed spec is named by its position
 *       ({@code 0}, {@code 1}, …), as MLflow addresses it;</li>
 *   <li>a column holds one value per row: shape {@code [-1]}; a tensor keeps its declared shape, {@code -1} for a
 *       dynamic dimension;</li>
 *   <li>{@code required} is true unless declared false.</li>
 * </ul>
 *
 * Anything else is a {@link TangoException} "MLmodel file of … has a corrupt signature: …". Stateless.
 */
final class SchemaReader {
    private SchemaReader() {}

    static List<FieldSpec> read(JsonNode specs, String part, String where) {
        if (specs.isMissingNode() || specs.isNull()) {
            return List.of();
        }
        if (!specs.isArray()) {
            throw corrupt(where, part + " is " + specs.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not a list of specs");
        }
        List<FieldSpec> fields = new ArrayList<>();
        int named = 0;
        int tensors = 0;
        for (int index = 0; index < specs.size(); index++) {
            JsonNode spec = specs.get(index);
            String what = part + "[" + index + "]";
            if (!spec.isObject()) {
                throw corrupt(where, what + " is not a spec object");
            }
            Optional<String> name = name(spec.path("name"), what, where);
            named += name.isPresent() ? 1 : 0;
            String type = text(spec.path("type"), what + ".type", where);
            boolean required = required(spec.path("required"), what, where);
            if (type.equals("tensor")) {
                tensors++;
                JsonNode tensor = spec.path("tensor-spec");
                String dtype = text(tensor.path("dtype"), what + ".tensor-spec.dtype", where);
                fields.add(new FieldSpec(name.orElse(String.valueOf(index)), MlflowTypes.tensorType(dtype),
                        shape(tensor.path("shape"), what, where), required, "", Optional.empty(), List.of()));
            } else {
                fields.add(new FieldSpec(name.orElse(String.valueOf(index)), MlflowTypes.columnType(type),
                        List.of(-1L), required, "", Optional.empty(), List.of()));
            }
        }
        if (named != 0 && named != fields.size()) {
            throw corrupt(where, part + " mixes named and unnamed specs, which MLflow does not allow");
        }
        if (tensors != 0 && tensors != fields.size()) {
            throw corrupt(where, part + " mixes column and tensor specs, which MLflow does not allow");
        }
        return List.copyOf(fields);
    }

    private static Optional<String> name(JsonNode name, String what, String where) {
        if (name.isMissingNode() || name.isNull()) {
            return Optional.empty();
        }
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw corrupt(where, what + ".name is not a non-empty text");
        }
        return Optional.of(name.asText());
    }

    private static String text(JsonNode value, String what, String where) {
        if (!value.isTextual()) {
            throw corrupt(where, what + " is missing or not a text");
        }
        return value.asText();
    }

    private static boolean required(JsonNode required, String what, String where) {
        if (required.isMissingNode() || required.isNull()) {
            return true;
        }
        if (!required.isBoolean()) {
            throw corrupt(where, what + ".required is neither true nor false");
        }
        return required.asBoolean();
    }

    private static List<Long> shape(JsonNode shape, String what, String where) {
        if (!shape.isArray()) {
            throw corrupt(where, what + ".tensor-spec.shape is missing or not a list");
        }
        List<Long> dimensions = new ArrayList<>();
        for (JsonNode dimension : shape) {
            if (!dimension.canConvertToLong() || !dimension.isIntegralNumber() || dimension.asLong() < -1) {
                throw corrupt(where, what + ".tensor-spec.shape has the dimension " + dimension
                        + "; dimensions are sizes, or -1 for a dynamic one");
            }
            dimensions.add(dimension.asLong());
        }
        return dimensions;
    }

    static TangoException corrupt(String where, String problem) {
        return new TangoException("MLmodel file of " + where + " has a corrupt signature: " + problem);
    }
}
