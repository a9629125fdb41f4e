package io.tango.api.config;

/**
 * The kind of a declared config option: how its config values are parsed and which Java type
 * {@link TangoConfig#get(ConfigOption)} returns. The runtime parses and checks every value against it (and against
 * the option's range) before a factory's {@code create} is called, so reading a declared option never fails there.
 */
public enum OptionType {
    /** Any text. */
    STRING,
    /** A 32-bit integer ({@link Integer}); a number or a string of digits. */
    INT,
    /** A 64-bit integer ({@link Long}); a number or a string of digits. */
    LONG,
    /** A floating-point number ({@link Double}). */
    DOUBLE,
    /** {@code true} or {@code false} (also as strings, case-insensitive). */
    BOOLEAN,
    /**
     * A duration: ISO-8601 ({@code PT30S}), a number with a unit ({@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h},
     * {@code 1d}), caikit's {@code 1d10s} form, or a bare number of seconds.
     */
    DURATION,
    /** A size in bytes ({@link Long}): a number, or with a unit ({@code 512KiB}, {@code 64MiB}, {@code 1GiB}, {@code 10MB}). */
    SIZE,
    /** A list of strings ({@code List<String>}); a YAML/JSON list, or a comma-separated string (handy in environment variables). */
    LIST,
    /**
     * A nested map ({@code Map<String, Object>}), also readable as a view with {@link TangoConfig#getNested(String)};
     * its keys are not checked.
     */
    MAP,
    /** One of the option's declared {@link ConfigOption#choices() choices}, case-insensitive; read as that choice. */
    ENUM
}
