package io.tango.api.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An option a factory declares: its key, type, default, whether it is required or secret, and what it means.
 *
 * <p>The runtime validates every instance's config against its factory's options before {@code create}: a missing
 * required option, a value of the wrong type and an unknown key (with the nearest valid key suggested) are all
 * reported together. Secret values are masked everywhere the runtime shows config (messages, logs, {@code toString}).
 *
 * <p>Keys are lower case words joined by {@code _}, like caikit's ({@code load_path}, {@code retention_duration}).
 * Build options with the static factories and the {@code with…} methods, e.g.
 * <pre>{@code
 * ConfigOption.of("timeout", OptionType.DURATION).withDefault("30s").withDescription("Timeout of every HTTP call")
 * }</pre>
 *
 * @param key the option's key within the instance's {@code config} map
 * @param type the option's type
 * @param defaultValue the value used when the key is absent, in its config form (e.g. {@code "30s"}); empty for none
 * @param required whether the key must be present (a required option has no default)
 * @param secret whether the value is a secret (token, password): never shown, never logged
 * @param description one sentence saying what the option does, for help texts and generated docs
 * @param choices the allowed values of an {@link OptionType#ENUM} option; empty for other types
 */
public record ConfigOption(
        String key,
        OptionType type,
        Optional<String> defaultValue,
        boolean required,
        boolean secret,
        String description,
        List<String> choices) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    public ConfigOption {
        requireNonNull(key, "key is null");
        requireNonNull(type, "type is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        choices = List.copyOf(requireNonNull(choices, "choices is null"));
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "option key '" + key + "' must be lower-case words joined by '_', e.g. 'load_path'");
        }
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("required option '" + key + "' cannot have a default");
        }
        if ((type == OptionType.ENUM) == choices.isEmpty()) {
            throw new IllegalArgumentException(type == OptionType.ENUM
                    ? "ENUM option '" + key + "' needs its choices"
                    : "option '" + key + "' of type " + type + " cannot have choices");
        }
    }

    /**
     * An optional option without default or description yet.
     *
     * @param key the key, lower-case words joined by {@code _}
     * @param type its type
     * @return the option
     */
    public static ConfigOption of(String key, OptionType type) {
        return new ConfigOption(key, type, Optional.empty(), false, false, "", List.of());
    }

    /**
     * An {@link OptionType#ENUM} option.
     *
     * @param key the key
     * @param choices the allowed values
     * @return the option
     */
    public static ConfigOption ofEnum(String key, List<String> choices) {
        return new ConfigOption(key, OptionType.ENUM, Optional.empty(), false, false, "", choices);
    }

    /** @return this option with a default value, given in its config form (e.g. {@code "30s"}) */
    public ConfigOption withDefault(String value) {
        return new ConfigOption(key, type, Optional.of(value), required, secret, description, choices);
    }

    /** @return this option, required (it must have no default) */
    public ConfigOption asRequired() {
        return new ConfigOption(key, type, defaultValue, true, secret, description, choices);
    }

    /** @return this option, secret: its value is masked everywhere */
    public ConfigOption asSecret() {
        return new ConfigOption(key, type, defaultValue, required, true, description, choices);
    }

    /** @return this option with a description */
    public ConfigOption withDescription(String text) {
        return new ConfigOption(key, type, defaultValue, required, secret, text, choices);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(key).append(" (").append(type.name().toLowerCase(java.util.Locale.ROOT));
        if (required) {
            text.append(", required");
        }
        defaultValue.ifPresent(value -> text.append(", default ").append(secret ? "****" : value));
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
