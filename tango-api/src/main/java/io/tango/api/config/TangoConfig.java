package io.tango.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one component instance's {@code config} map (or a part of it), with typed getters.
 *
 * <p>Values keep their config form (strings, numbers, booleans, lists, maps); components read them through the
 * options their factory declares, with {@link #get(ConfigOption)}, which converts the value, checks its range and
 * gives the declared default when the key is absent. By the time a factory's {@code create} receives a config, the
 * runtime has checked every declared option's value against its type and range and filled in declared defaults, so
 * {@code get} does not fail for a declared option; on a config that was not validated (a factory called directly) it
 * throws {@link io.tango.api.InvalidConfigException} naming the full path. The key-based getters are for keys no
 * option declares (inside a {@link OptionType#MAP} option).
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

    /**
     * Reads a declared option: the configured value, converted to the option's type and checked against its range,
     * else the option's default.
     *
     * @param option an option the component's factory declares
     * @param <T> the option's value type
     * @return the value
     * @throws io.tango.api.InvalidConfigException naming the full path if the value is absent and the option has no
     *     default, is of the wrong type, or is outside the declared range (a secret value is never shown)
     */
    default <T> T get(ConfigOption<T> option) {
        return getOptional(option).orElseThrow(() -> new io.tango.api.InvalidConfigException(
                path().isEmpty() ? option.key() : path() + "." + option.key(),
                "is required: " + (option.description().isEmpty()
                        ? option.type().name().toLowerCase(java.util.Locale.ROOT) : option.description())));
    }

    /**
     * Reads a declared option that may be absent (one without default that is not required).
     *
     * @param option an option the component's factory declares
     * @param <T> the option's value type
     * @return the configured value, converted and range-checked, else the option's default, else empty
     * @throws io.tango.api.InvalidConfigException naming the full path if the value is of the wrong type or outside
     *     the declared range (a secret value is never shown)
     */
    <T> Optional<T> getOptional(ConfigOption<T> option);

    /**
     * Reads a key no option declares: a key inside a {@link OptionType#MAP} option's map (see
     * {@link #getNested(String)}). Declared options are read with {@link #get(ConfigOption)}, which knows their type,
     * range and default.
     *
     * @param key a key at this level
     * @return the string value of {@code key}, if present (numbers and booleans are rendered as text)
     * @throws io.tango.api.InvalidConfigException naming the full path if the value is a list or a map
     */
    Optional<String> getString(String key);

    /**
     * Reads a key no option declares as a list (a list, or a comma-separated string); for keys inside a
     * {@link OptionType#MAP} option's map and for hosts that inspect configs. Declared options are read with
     * {@link #get(ConfigOption)}.
     *
     * @param key a key at this level
     * @return the list, or an empty list when absent
     * @throws io.tango.api.InvalidConfigException naming the full path if the value is not a list
     */
    List<String> getList(String key);

    /**
     * @return the nested map at {@code key} as a config view whose path extends this one; an empty view when absent
     */
    TangoConfig getNested(String key);

    /** @return an immutable copy of this level as plain values (secrets included: do not log it) */
    Map<String, Object> asMap();
}
