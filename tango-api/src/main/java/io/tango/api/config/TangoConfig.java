package io.tango.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one component instance's {@code config} map (or a part of it), with typed getters.
 *
 * <p>Values keep their config form (strings, numbers, booleans, lists, maps); each getter converts. By the time a
 * factory's {@code create} receives a config, the runtime has checked every declared option's value against its type
 * and filled in declared defaults, so the getter matching an option's type does not fail. A getter asked for a value
 * of the wrong type throws {@link io.tango.api.InvalidConfigException} naming the full path.
 *
 * <p>Implementations are immutable and thread-safe. {@code toString()} masks secret values.
 */
public interface TangoConfig {

    /** @return the full dotted path of this view, e.g. {@code model_management.finders.default.config} */
    String path();

    /** @return the keys present at this level, in document order */
    Set<String> keys();

    /**
     * @param key a key at this level
     * @return whether the key is present (with a non-null value)
     */
    boolean has(String key);

    /**
     * @param key a key at this level
     * @return the raw value in its config form (String, Number, Boolean, List, Map), if present
     */
    Optional<Object> raw(String key);

    /** @return the string value of {@code key}, if present (numbers and booleans are rendered as text) */
    Optional<String> getString(String key);

    /** @return the string value of {@code key}, or {@code defaultValue} when absent */
    default String getString(String key, String defaultValue) {
        return getString(key).orElse(defaultValue);
    }

    /**
     * @return the string value of {@code key}
     * @throws io.tango.api.InvalidConfigException if the key is absent
     */
    String requireString(String key);

    /** @return the int value of {@code key}, or {@code defaultValue} when absent */
    int getInt(String key, int defaultValue);

    /** @return the long value of {@code key}, or {@code defaultValue} when absent */
    long getLong(String key, long defaultValue);

    /** @return the double value of {@code key}, or {@code defaultValue} when absent */
    double getDouble(String key, double defaultValue);

    /** @return the boolean value of {@code key}, or {@code defaultValue} when absent */
    boolean getBoolean(String key, boolean defaultValue);

    /** @return the duration value of {@code key} (see {@link OptionType#DURATION}), or {@code defaultValue} */
    Duration getDuration(String key, Duration defaultValue);

    /** @return the size in bytes of {@code key} (see {@link OptionType#SIZE}), or {@code defaultValue} */
    long getSize(String key, long defaultValue);

    /** @return the list value of {@code key} (a list, or a comma-separated string), or an empty list */
    List<String> getList(String key);

    /**
     * @return the nested map at {@code key} as a config view whose path extends this one; an empty view when absent
     */
    TangoConfig getNested(String key);

    /** @return an immutable copy of this level as plain values (secrets included: do not log it) */
    Map<String, Object> asMap();
}
