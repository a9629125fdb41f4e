package io.tango.runtime.config;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A {@link TangoConfig} over a map of plain values. Immutable and thread-safe; {@code toString()} masks the values of
 * the keys it was told are secret, and the credentials of any URL ({@code https://user:password@host}).
 */
public final class MapTangoConfig implements TangoConfig {
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> secretKeys;

    private MapTangoConfig(String path, Map<String, ?> values, Set<String> secretKeys) {
        this.path = requireNonNull(path, "path is null");
        Map<String, Object> copy = new LinkedHashMap<>();
        requireNonNull(values, "values is null").forEach((key, value) -> {
            if (value != null) {
                copy.put(requireNonNull(key, "key is null"), value);
            }
        });
        this.values = Collections.unmodifiableMap(copy);
        this.secretKeys = Set.copyOf(requireNonNull(secretKeys, "secretKeys is null"));
    }

    /**
     * @param values the config map; null values count as absent
     * @return a view with an empty path and no secrets
     */
    public static MapTangoConfig of(Map<String, ?> values) {
        return new MapTangoConfig("", values, Set.of());
    }

    /**
     * @param path the view's full dotted path, used in error messages
     * @param values the config map
     * @param secretKeys the keys whose values {@code toString()} masks
     * @return the view
     */
    public static MapTangoConfig of(String path, Map<String, ?> values, Set<String> secretKeys) {
        return new MapTangoConfig(path, values, secretKeys);
    }

    /** @return an empty view at {@code path} */
    public static MapTangoConfig empty(String path) {
        return new MapTangoConfig(path, Map.of(), Set.of());
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(requireNonNull(key, "key is null"));
    }

    @Override
    public Optional<Object> raw(String key) {
        return Optional.ofNullable(values.get(requireNonNull(key, "key is null")));
    }

    @Override
    public Optional<String> getString(String key) {
        return convert(key, ConfigValues::asString);
    }

    @Override
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        requireNonNull(option, "option is null");
        boolean secret = option.secret() || secretKeys.contains(option.key());
        Optional<T> configured = convert(option.key(), secret, value -> ConfigValues.convert(option, value));
        if (configured.isEmpty()) {
            return option.defaultValue();
        }
        ConfigOption<T> shown = secret ? option.asSecret() : option;
        shown.rangeProblem(configured.get()).ifPresent(problem -> {
            throw new InvalidConfigException(pathOf(option.key()), problem);
        });
        return configured;
    }

    @Override
    public List<String> getList(String key) {
        return convert(key, ConfigValues::asList).orElse(List.of());
    }

    @Override
    public TangoConfig getNested(String key) {
        Object value = values.get(requireNonNull(key, "key is null"));
        if (value == null) {
            return empty(pathOf(key));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidConfigException(pathOf(key), "expected a map, got " + ConfigValues.describe(value));
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        map.forEach((nestedKey, nestedValue) -> nested.put(String.valueOf(nestedKey), nestedValue));
        return new MapTangoConfig(pathOf(key), nested, Set.of());
    }

    @Override
    public Map<String, Object> asMap() {
        return values;
    }

    private <T> Optional<T> convert(String key, Function<Object, T> converter) {
        return convert(key, secretKeys.contains(key), converter);
    }

    private <T> Optional<T> convert(String key, boolean secret, Function<Object, T> converter) {
        Object value = values.get(requireNonNull(key, "key is null"));
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(converter.apply(value));
        } catch (IllegalArgumentException e) {
            String message = secret ? "has a value of the wrong type (secret value not shown)" : e.getMessage();
            throw new InvalidConfigException(pathOf(key), message);
        }
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + (secretKeys.contains(entry.getKey())
                        ? "****" : ConfigValues.withoutCredentials(String.valueOf(entry.getValue()))))
                .collect(Collectors.joining(", ", (path.isEmpty() ? "config" : path) + "{", "}"));
    }
}
