package io.tango.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks and deep-copies the values requests and responses carry. */
final class Values {
    private Values() {}

    /** Named values in insertion order, each checked and deep-copied. */
    static Map<String, Object> copyNamed(Map<String, ?> values, String what) {
        if (values == null) {
            throw new NullPointerException(what + " is null");
        }
        // Requests and responses are made on every prediction: no map is allocated for none or one entry.
        if (values.isEmpty()) {
            return Map.of();
        }
        if (values.size() == 1) {
            Map.Entry<String, ?> entry = values.entrySet().iterator().next();
            return Map.of(requireName(entry.getKey(), what), copyNamedValue(entry.getValue(), what, entry.getKey()));
        }
        Map<String, Object> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((name, value) -> copy.put(requireName(name, what), copyNamedValue(value, what, name)));
        return Collections.unmodifiableMap(copy);
    }

    private static String requireName(String name, String what) {
        if (name == null) {
            throw new NullPointerException(what + " has a null name");
        }
        return name;
    }

    private static Object copyNamedValue(Object value, String what, String name) {
        if (value == null) {
            throw new NullPointerException(what + " '" + name + "' is null");
        }
        return copy(value, what, name);
    }

    /** @return the map as the canonical constructor's parameter type: only read, then copied, so the view is safe */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readOnly(Map<String, ?> values) {
        return (Map<String, Object>) values;
    }

    /**
     * Scalars (String, Boolean, Number), Tensor and Blob are kept; lists and maps are copied deeply and made
     * unmodifiable. Nulls are allowed inside lists and maps (missing values in a data frame). The value is the one
     * named {@code name} among the {@code what}s; the two make the error message only when there is an error.
     */
    static Object copy(Object value, String what, String name) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof Float
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigDecimal
                || value instanceof BigInteger
                || value instanceof Tensor
                || value instanceof Blob) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copy(element, what, name));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, element) -> {
                if (!(key instanceof String text)) {
                    throw new IllegalArgumentException(what + " '" + name + "' has a map key that is not a string: " + key);
                }
                copy.put(text, copy(element, what, name));
            });
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException(what + " '" + name + "' has a value of unsupported type "
                + value.getClass().getName()
                + "; use String, Boolean, a Number, a List, a Map with string keys, a Tensor or a Blob");
    }
}
