package io.tango.toolkit.oip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Copies of OIP {@code parameters} objects: names to String, Number or Boolean values, in order. Stateless. */
final class OipParameters {
    /** The binary extension's size of a tensor's binary data, in bytes, on an input or output. */
    static final String BINARY_DATA_SIZE = "binary_data_size";
    /** The binary extension's request for one output as binary data, on a requested output. */
    static final String BINARY_DATA = "binary_data";
    /** The binary extension's request for every output as binary data, on the request. */
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    private OipParameters() {}

    /**
     * @param parameters names to values
     * @param what what holds them, for messages
     * @return an unmodifiable copy in the same order
     * @throws IllegalArgumentException if a value is not a String, Number or Boolean
     */
    static Map<String, Object> copy(Map<String, ?> parameters, String what) {
        requireNonNull(parameters, what + " is null");
        if (parameters.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            requireNonNull(name, what + " has a null name");
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException(what + " '" + name + "' is " + describe(value)
                        + "; a parameter is a string, a number or a boolean");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof List<?> ? "a list" : value instanceof Map<?, ?> ? "a map" : "a " + value.getClass().getSimpleName();
    }

    /** @return whether {@code parameters} holds {@code name} as {@code true} */
    static boolean isTrue(Map<String, Object> parameters, String name) {
        return Boolean.TRUE.equals(parameters.get(name));
    }

    /** @return {@code parameters} without {@code name} */
    static Map<String, Object> without(Map<String, Object> parameters, String name) {
        if (!parameters.containsKey(name)) {
            return parameters;
        }
        Map<String, Object> copy = new LinkedHashMap<>(parameters);
        copy.remove(name);
        return Collections.unmodifiableMap(copy);
    }
}
