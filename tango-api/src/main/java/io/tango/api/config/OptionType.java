package io.tango.api.config;

/**
 * The type of a declared config option. The runtime parses and checks every value against it before a factory's
 * {@code create} is called, so {@link TangoConfig}'s getter of the same type never fails for a declared option.
 */
public enum OptionType {
    /** Any text. */
    STRING,
    /** A 32-bit integer; a number or a string of digits. */
    INT,
    /** A 64-bit integer; a number or a string of digits. */
    LONG,
    /** A floating-point number. */
    DOUBLE,
    /** {@code true} or {@code false} (also as strings, case-insensitive). */
    BOOLEAN,
    /**
     * A duration: ISO-8601 ({@code PT30S}), a number with a unit ({@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h},
     * {@code 1d}), caikit's {@code 1d10s} form, or a bare number of seconds.
     */
    DURATION,
    /** A size in bytes: a number, or with a unit ({@code 512KiB}, {@code 64MiB}, {@code 1GiB}, {@code 10MB}). */
    SIZE,
    /** A list of strings; a YAML/JSON list, or a comma-separated string (handy in environment variables). */
    LIST,
    /** A nested map of options, read with {@link TangoConfig#getNested(String)}; its keys are not checked. */
    MAP,
    /** One of the option's declared {@link ConfigOption#choices() choices}, case-insensitive. */
    ENUM
}
