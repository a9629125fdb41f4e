package io.tango.api;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The named values of a {@link TangoRequest} or {@link TangoResponse} with two entries or more: checked and deep-copied
 * once by {@link Values#copyNamed}, in insertion order, unmodifiable. Only {@code Values} creates one, from a map it
 * copied and never hands out otherwise, so a map of this type is known to need no copy: a request or response built
 * from another one's maps shares them instead of copying them again. Every method is the unmodifiable view's (mutators
 * throw {@link UnsupportedOperationException}); equality and hash code are those of any {@link Map}. Thread-safe.
 */
final class CheckedNamedValues implements Map<String, Object> {
    private final Map<String, Object> view;

    /** @param copy a map no one else holds, already checked and deep-copied */
    CheckedNamedValues(Map<String, Object> copy) {
        this.view = Collections.unmodifiableMap(copy);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public boolean isEmpty() {
        return view.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return view.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return view.containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return view.get(key);
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        return view.getOrDefault(key, defaultValue);
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<Object> values() {
        return view.values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return view.entrySet();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        view.forEach(action);
    }

    @Override
    public Object put(String key, Object value) {
        return view.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return view.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ?> values) {
        view.putAll(values);
    }

    @Override
    public void clear() {
        view.clear();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        view.replaceAll(function);
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        return view.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return view.remove(key, value);
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        return view.replace(key, oldValue, newValue);
    }

    @Override
    public Object replace(String key, Object value) {
        return view.replace(key, value);
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> function) {
        return view.computeIfAbsent(key, function);
    }

    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> function) {
        return view.computeIfPresent(key, function);
    }

    @Override
    public Object compute(String key, BiFunction<? super String, ? super Object, ?> function) {
        return view.compute(key, function);
    }

    @Override
    public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
        return view.merge(key, value, function);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || view.equals(other);
    }

    @Override
    public int hashCode() {
        return view.hashCode();
    }

    @Override
    public String toString() {
        return view.toString();
    }
}
