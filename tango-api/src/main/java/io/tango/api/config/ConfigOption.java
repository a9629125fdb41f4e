package io.tango.api.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An option a factory declares, once: its key, its kind and Java value type, its typed default, its range, whether it
 * is required or secret, and what it means. Components read it with {@link TangoConfig#get(ConfigOption)}, which
 * gives the declared default when the key is absent, so no reader repeats a default.
 *
 * <p>The runtime validates every instance's config against its factory's options before {@code create}: a missing
 * required option, a value of the wrong type, a value outside the declared range and an unknown key (with the nearest
 * valid key suggested) are all reported together, each with its path. Secret values are masked everywhere the runtime
 * shows config (messages, logs, {@code toString}).
 *
 * <p>Keys are lower case words joined by {@code _}, like caikit's ({@code load_path}, {@code retention_duration}).
 * Build options with the typed static factories and the {@code with…} methods, e.g.
 * <pre>{@code
 * static final ConfigOption<Duration> TIMEOUT = ConfigOption.duration("timeout")
 *         .withDefault(Duration.ofSeconds(30))
 *         .withMinimum(Duration.ofMillis(1))
 *         .withDescription("Timeout of every HTTP call");
 * }</pre>
 * Every {@code with…} method checks the whole declaration and throws {@link IllegalArgumentException} when it is
 * inconsistent (a default outside the range, a required option with a default, …), so a wrong declaration fails when
 * its class loads.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the Java type of the option's value
 */
public final class ConfigOption<T> {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<OptionType> RANGED = Set.of(
            OptionType.INT, OptionType.LONG, OptionType.DOUBLE, OptionType.DURATION, OptionType.SIZE);
    private static final String MASK = "****";

    private final String key;
    private final OptionType type;
    private final Class<T> valueType;
    private final T defaultValue;
    private final T minimum;
    private final T maximum;
    private final boolean required;
    private final boolean secret;
    private final String description;
    private final List<String> choices;

    private ConfigOption(String key, OptionType type, Class<T> valueType, T defaultValue, T minimum, T maximum,
            boolean required, boolean secret, String description, List<String> choices) {
        this.key = requireNonNull(key, "key is null");
        this.type = requireNonNull(type, "type is null");
        this.valueType = requireNonNull(valueType, "valueType is null");
        this.defaultValue = immutable(defaultValue);
        this.minimum = minimum;
        this.maximum = maximum;
        this.required = required;
        this.secret = secret;
        this.description = requireNonNull(description, "description is null");
        this.choices = List.copyOf(requireNonNull(choices, "choices is null"));
        check();
    }

    private void check() {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "option key '" + key + "' must be lower-case words joined by '_', e.g. 'load_path'");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required option '" + key + "' cannot have a default");
        }
        if ((type == OptionType.ENUM) == choices.isEmpty()) {
            throw new IllegalArgumentException(type == OptionType.ENUM
                    ? "ENUM option '" + key + "' needs its choices"
                    : "option '" + key + "' of type " + type + " cannot have choices");
        }
        if (type == OptionType.ENUM && defaultValue != null && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of option '" + key
                    + "' is not one of its choices " + String.join(", ", choices));
        }
        if ((minimum != null || maximum != null) && !RANGED.contains(type)) {
            throw new IllegalArgumentException("option '" + key + "' of type " + type + " cannot have a range");
        }
        if (minimum != null && maximum != null && compare(minimum, maximum) > 0) {
            throw new IllegalArgumentException("option '" + key + "' has its minimum " + format(minimum)
                    + " above its maximum " + format(maximum));
        }
        if (defaultValue != null) {
            rangeProblem(defaultValue).ifPresent(problem -> {
                throw new IllegalArgumentException("default of option '" + key + "': " + problem);
            });
        }
    }

    private static <T> T immutable(T value) {
        @SuppressWarnings("unchecked")
        T copy = value instanceof List<?> list ? (T) List.copyOf(list)
                : value instanceof Map<?, ?> map ? (T) Map.copyOf(map) : value;
        return copy;
    }

    private static <T> ConfigOption<T> declare(String key, OptionType type, Class<T> valueType) {
        return new ConfigOption<>(key, type, valueType, null, null, null, false, false, "", List.of());
    }

    /**
     * @param key the key, lower-case words joined by {@code _}
     * @return an optional {@link OptionType#STRING} option without default or description yet
     * @throws IllegalArgumentException if the key is not lower-case words joined by {@code _}
     */
    public static ConfigOption<String> string(String key) {
        return declare(key, OptionType.STRING, String.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#INT} option (a 32-bit integer)
     */
    public static ConfigOption<Integer> integer(String key) {
        return declare(key, OptionType.INT, Integer.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#LONG} option (a 64-bit integer)
     */
    public static ConfigOption<Long> longInteger(String key) {
        return declare(key, OptionType.LONG, Long.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#DOUBLE} option (a floating-point number)
     */
    public static ConfigOption<Double> number(String key) {
        return declare(key, OptionType.DOUBLE, Double.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#BOOLEAN} option
     */
    public static ConfigOption<Boolean> bool(String key) {
        return declare(key, OptionType.BOOLEAN, Boolean.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#DURATION} option
     */
    public static ConfigOption<Duration> duration(String key) {
        return declare(key, OptionType.DURATION, Duration.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#SIZE} option: a number of bytes, written {@code 64MiB} in config
     */
    public static ConfigOption<Long> size(String key) {
        return declare(key, OptionType.SIZE, Long.class);
    }

    /**
     * @param key the key
     * @return an optional {@link OptionType#LIST} option: an immutable list of strings
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConfigOption<List<String>> list(String key) {
        return declare(key, OptionType.LIST, (Class<List<String>>) (Class) List.class);
    }

    /**
     * A map whose keys the runtime does not check (headers, environment variables). Read it whole with
     * {@link TangoConfig#get(ConfigOption)}, or as a config view with {@link TangoConfig#getNested(String)}.
     *
     * @param key the key
     * @return an optional {@link OptionType#MAP} option: an immutable map of its keys to their config values
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ConfigOption<Map<String, Object>> map(String key) {
        return declare(key, OptionType.MAP, (Class<Map<String, Object>>) (Class) Map.class);
    }

    /**
     * An option whose value is one of a few words; values are matched case-insensitively and read as the declared
     * choice.
     *
     * @param key the key
     * @param choices the allowed values, at least one
     * @return an optional {@link OptionType#ENUM} option
     * @throws IllegalArgumentException if there are no choices
     */
    public static ConfigOption<String> enumOf(String key, String... choices) {
        requireNonNull(choices, "choices is null");
        return new ConfigOption<>(key, OptionType.ENUM, String.class, null, null, null, false, false, "",
                Arrays.asList(choices));
    }

    /**
     * @param value the value used when the key is absent
     * @return this option with a default
     * @throws IllegalArgumentException if the option is required, or the value is outside its range or choices
     */
    public ConfigOption<T> withDefault(T value) {
        return new ConfigOption<>(key, type, valueType, requireNonNull(value, "value is null"), minimum, maximum,
                required, secret, description, choices);
    }

    /**
     * @param value the smallest value allowed, inclusive
     * @return this option with a lower bound
     * @throws IllegalArgumentException if the option's type has no order, or its default or maximum is lower
     */
    public ConfigOption<T> withMinimum(T value) {
        return new ConfigOption<>(key, type, valueType, defaultValue, requireNonNull(value, "value is null"), maximum,
                required, secret, description, choices);
    }

    /**
     * @param value the largest value allowed, inclusive
     * @return this option with an upper bound
     * @throws IllegalArgumentException if the option's type has no order, or its default or minimum is higher
     */
    public ConfigOption<T> withMaximum(T value) {
        return new ConfigOption<>(key, type, valueType, defaultValue, minimum, requireNonNull(value, "value is null"),
                required, secret, description, choices);
    }

    /**
     * @param min the smallest value allowed, inclusive
     * @param max the largest value allowed, inclusive
     * @return this option with both bounds
     * @throws IllegalArgumentException if the option's type has no order, {@code min > max}, or the default is outside
     */
    public ConfigOption<T> withRange(T min, T max) {
        return new ConfigOption<>(key, type, valueType, defaultValue, requireNonNull(min, "min is null"),
                requireNonNull(max, "max is null"), required, secret, description, choices);
    }

    /**
     * @return this option, required: the key must be present
     * @throws IllegalArgumentException if it has a default
     */
    public ConfigOption<T> asRequired() {
        return new ConfigOption<>(key, type, valueType, defaultValue, minimum, maximum, true, secret, description,
                choices);
    }

    /** @return this option, secret: its value (and default) is masked everywhere */
    public ConfigOption<T> asSecret() {
        return new ConfigOption<>(key, type, valueType, defaultValue, minimum, maximum, required, true, description,
                choices);
    }

    /**
     * @param text one sentence saying what the option does
     * @return this option with a description
     */
    public ConfigOption<T> withDescription(String text) {
        return new ConfigOption<>(key, type, valueType, defaultValue, minimum, maximum, required, secret,
                requireNonNull(text, "text is null"), choices);
    }

    /** @return the option's key within the instance's {@code config} map */
    public String key() {
        return key;
    }

    /** @return the option's kind, which says how its config values are parsed */
    public OptionType type() {
        return type;
    }

    /** @return the Java type of its values ({@code List} and {@code Map} for those kinds) */
    public Class<T> valueType() {
        return valueType;
    }

    /** @return the value used when the key is absent; empty for none */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** @return the default in its config form ({@code 30s}, {@code 4GiB}), unmasked; empty for none */
    public Optional<String> defaultText() {
        return defaultValue().map(this::format);
    }

    /** @return the smallest value allowed, inclusive; empty for no lower bound */
    public Optional<T> minimum() {
        return Optional.ofNullable(minimum);
    }

    /** @return the largest value allowed, inclusive; empty for no upper bound */
    public Optional<T> maximum() {
        return Optional.ofNullable(maximum);
    }

    /** @return whether the key must be present (a required option has no default) */
    public boolean required() {
        return required;
    }

    /** @return whether the value is a secret (token, password): never shown, never logged */
    public boolean secret() {
        return secret;
    }

    /** @return one sentence saying what the option does, for help texts; {@code ""} for none */
    public String description() {
        return description;
    }

    /** @return the allowed values of an {@link OptionType#ENUM} option; empty for other kinds */
    public List<String> choices() {
        return choices;
    }

    /**
     * @param value a value of this option's type
     * @return the value in its config form, as a user would write it: {@code 30s}, {@code 4GiB}, {@code a,b}
     */
    public String format(T value) {
        return ConfigForms.format(type, requireNonNull(value, "value is null"));
    }

    /**
     * The declared range in config form: {@code 1..65535}, {@code >= 1ms} or {@code <= 2GiB}.
     *
     * @return the range; empty for an option without bounds
     */
    public Optional<String> rangeText() {
        if (minimum != null && maximum != null) {
            return Optional.of(format(minimum) + ".." + format(maximum));
        }
        if (minimum != null) {
            return Optional.of(">= " + format(minimum));
        }
        return maximum().map(max -> "<= " + format(max));
    }

    /**
     * Checks a value against the declared range.
     *
     * @param value a value of this option's type
     * @return what is wrong, as a problem message without the path (e.g. {@code 0s is below the minimum 1ms}; a
     *     secret value is not shown), or empty when the value is in range
     */
    public Optional<String> rangeProblem(T value) {
        requireNonNull(value, "value is null");
        String shown = secret ? "the value" : format(value);
        if (minimum != null && compare(value, minimum) < 0) {
            return Optional.of(shown + " is below the minimum " + format(minimum));
        }
        if (maximum != null && compare(value, maximum) > 0) {
            return Optional.of(shown + " is above the maximum " + format(maximum));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static <T> int compare(T left, T right) {
        return ((Comparable<T>) left).compareTo(right);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigOption<?> that
                && key.equals(that.key) && type == that.type && valueType.equals(that.valueType)
                && Objects.equals(defaultValue, that.defaultValue) && Objects.equals(minimum, that.minimum)
                && Objects.equals(maximum, that.maximum) && required == that.required && secret == that.secret
                && description.equals(that.description) && choices.equals(that.choices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, type, defaultValue, minimum, maximum, required, secret, description, choices);
    }

    /** @return e.g. {@code timeout (duration, default 30s, >= 1ms): Timeout of every call}; a secret default masked */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(key).append(" (").append(type.name().toLowerCase(Locale.ROOT));
        if (required) {
            text.append(", required");
        }
        defaultText().ifPresent(value -> text.append(", default ").append(secret ? MASK : value));
        rangeText().ifPresent(range -> text.append(", ").append(range));
        if (!choices.isEmpty()) {
            text.append(", one of ").append(String.join("|", choices));
        }
        if (secret) {
            text.append(", secret");
        }
        text.append(')');
        if (!description.isEmpty()) {
            text.append(": ").append(description);
        }
        return text.toString();
    }
}
