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

    /** The classes of the JDK's unmodifiable maps of {@code Map.of}: one entry, and two or more. */
    private static final Class<?> IMMUTABLE_MAP_1 = Map.of("", "").getClass();
    private static final Class<?> IMMUTABLE_MAP_N = Map.of("", "", " ", "").getClass();

    /**
     * Named values in insertion order, each checked and deep-copied. Requests and responses are made on every
     * prediction, so what needs no copy is not copied: a map this method returned before (another request's or
     * response's), and a JDK unmodifiable map ({@code Map.of}) whose values are all immutable scalars, tensors or
     * blobs are returned as they are; none or one entry allocate no map of their own.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copyNamed(Map<String, ?> values, String what) {
        if (values == null) {
            throw new NullPointerException(what + " is null");
        }
        if (values instanceof CheckedNamedValues checked) {
            return checked;
        }
        if (values.isEmpty()) {
            return Map.of();
        }
        if (values.size() == 1) {
            // Read through the entry set, whose entry and iterator the JIT can then keep off the heap.
            Map.Entry<String, ?> entry = values.entrySet().iterator().next();
            String name = requireName(entry.getKey(), what);
            Object value = entry.getValue();
            if (values.getClass() == IMMUTABLE_MAP_1 && isImmutable(value)) {
                return (Map<String, Object>) values;
            }
            return Map.of(name, copyNamedValue(value, what, name));
        }
        if (values.getClass() == IMMUTABLE_MAP_N && allImmutable(values)) {
            return (Map<String, Object>) values;
        }
        Map<String, Object> copy = new LinkedHashMap<>(values.size() * 2);
        values.forEach((name, value) -> copy.put(requireName(name, what), copyNamedValue(value, what, name)));
        return new CheckedNamedValues(copy);
    }

    /**
     * @return whether every key of a map (which holds no nulls) is a string and every value immutable as it is; a
     *     raw-typed caller can put other keys in, which the copy then rejects
     */
    private static boolean allImmutable(Map<String, ?> values) {
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            if (!(entry.getKey() instanceof String) || !isImmutable(entry.getValue())) {
                return false;
            }
        }
        return true;
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
        if (value == null || isImmutable(value)) {
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

    /** @return whether a value is kept as it is: a scalar (String, Boolean, Number), a Tensor or a Blob */
    private static boolean isImmutable(Object value) {
        return value instanceof String
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
                || value instanceof Blob;
    }
}
