package io.tango.plugin.devo.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, null-tolerant, unmodifiable copies of JSON-like values (which {@code Map.copyOf} cannot hold: nulls). */
final class JsonValues {
    private JsonValues() {}

    static Map<String, Object> immutableMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, immutable(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return immutableMap((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(immutable(element)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
