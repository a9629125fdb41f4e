package io.tango.runtime.config;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts config values (as YAML, JSON or environment variables give them) to typed values. Every method throws
 * {@link IllegalArgumentException} with a message that says what was expected; callers add the path.
 */
public final class ConfigValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?(ms|s|m|h|d))+");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    /** The user name and password a URL may carry: {@code https://user:password@host}. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");

    private ConfigValues() {}

    /**
     * Converts a config value to a declared option's value type. The range is not checked here (see
     * {@link ConfigOption#rangeProblem(Object)}).
     *
     * @param option the option
     * @param value its config value, not null
     * @param <T> the option's value type
     * @return the typed value; for an {@link OptionType#ENUM} option, the declared choice it matches
     */
    public static <T> T convert(ConfigOption<T> option, Object value) {
        Object typed = switch (option.type()) {
            case STRING -> asString(value);
            case INT -> asInt(value);
            case LONG -> asLong(value);
            case DOUBLE -> asDouble(value);
            case BOOLEAN -> asBoolean(value);
            case DURATION -> asDuration(value);
            case SIZE -> asSize(value);
            case LIST -> asList(value);
            case MAP -> asMap(value);
            case ENUM -> asChoice(value, option.choices());
        };
        return option.valueType().cast(typed);
    }

    /** @return an immutable copy of a map, its keys as text, in document order */
    public static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a map, got " + describe(value));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, element) -> copy.put(String.valueOf(key), element));
        return Collections.unmodifiableMap(copy);
    }

    /** @return the declared choice a value matches, case-insensitively */
    public static String asChoice(Object value, List<String> choices) {
        String text = asString(value);
        return choices.stream()
                .filter(choice -> choice.equalsIgnoreCase(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of " + String.join(", ", choices)
                        + ", got '" + text + "'." + Suggestions.didYouMean(text, choices)));
    }

    /** @return the text form of a scalar */
    public static String asString(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("expected a text value, got " + describe(value));
    }

    /** @return an int from a number or a string of digits */
    public static int asInt(Object value) {
        long result = asLong(value, "an integer");
        if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected an integer, got " + describe(value) + " (out of range)");
        }
        return (int) result;
    }

    /** @return a long from a number or a string of digits */
    public static long asLong(Object value) {
        return asLong(value, "an integer");
    }

    private static long asLong(Object value, String expected) {
        try {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Number number) {
                return new BigDecimal(number.toString()).longValueExact();
            }
            if (value instanceof String text) {
                return Long.parseLong(text.trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected " + expected + ", got " + describe(value));
    }

    /** @return a double from a number or a numeric string */
    public static double asDouble(Object value) {
        try {
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof String text) {
                return Double.parseDouble(text.trim());
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a number, got " + describe(value));
    }

    /** @return a boolean from a boolean or the strings true/false (any case) */
    public static boolean asBoolean(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text) {
            String normalized = text.trim().toLowerCase(Locale.ROOT);
            if (normalized.equals("true") || normalized.equals("false")) {
                return Boolean.parseBoolean(normalized);
            }
        }
        throw new IllegalArgumentException("expected true or false, got " + describe(value));
    }

    /**
     * A duration: ISO-8601 ({@code PT30S}), parts with units ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
     * {@code 1d}, and caikit's {@code 1d10s}), or a bare number of seconds.
     *
     * @return the duration
     */
    public static Duration asDuration(Object value) {
        if (value instanceof Number number) {
            return secondsOf(new BigDecimal(number.toString()), value);
        }
        if (value instanceof String raw) {
            String text = raw.trim().toLowerCase(Locale.ROOT);
            if (text.startsWith("pt") || text.startsWith("p")) {
                try {
                    return Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(durationMessage(value), e);
                }
            }
            if (text.matches("\\d+(\\.\\d+)?")) {
                return secondsOf(new BigDecimal(text), value);
            }
            if (DURATION.matcher(text).matches()) {
                Duration total = Duration.ZERO;
                Matcher part = DURATION_PART.matcher(text);
                while (part.find()) {
                    BigDecimal amount = new BigDecimal(part.group(1));
                    long nanosPerUnit = switch (part.group(2)) {
                        case "ms" -> 1_000_000L;
                        case "s" -> 1_000_000_000L;
                        case "m" -> 60_000_000_000L;
                        case "h" -> 3_600_000_000_000L;
                        default -> 86_400_000_000_000L;
                    };
                    total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
                }
                return total;
            }
        }
        throw new IllegalArgumentException(durationMessage(value));
    }

    private static Duration secondsOf(BigDecimal seconds, Object value) {
        if (seconds.signum() < 0) {
            throw new IllegalArgumentException(durationMessage(value));
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }

    private static String durationMessage(Object value) {
        return "expected a duration such as 30s, 500ms, 5m, 1h, 1d10s or PT30S, got " + describe(value);
    }

    /**
     * A size in bytes: a number, or a number with a unit: {@code b}; {@code k}/{@code kb}/{@code kib} (1024);
     * {@code m}/{@code mb}/{@code mib}; {@code g}/{@code gb}/{@code gib}; {@code t}/{@code tb}/{@code tib} — binary
     * multiples throughout, as in Flink's {@code MemorySize}.
     *
     * @return the size in bytes
     */
    public static long asSize(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long bytes = ((Number) value).longValue();
            if (bytes >= 0) {
                return bytes;
            }
        }
        if (value instanceof String raw) {
            Matcher matcher = SIZE.matcher(raw.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                int shift = switch (matcher.group(2)) {
                    case "", "b" -> 0;
                    case "k", "kb", "kib" -> 10;
                    case "m", "mb", "mib" -> 20;
                    case "g", "gb", "gib" -> 30;
                    case "t", "tb", "tib" -> 40;
                    default -> -1;
                };
                if (shift >= 0) {
                    return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1L << shift)).longValue();
                }
            }
        }
        throw new IllegalArgumentException("expected a size such as 1024, 512KiB, 64MiB or 1GiB, got " + describe(value));
    }

    /** @return a list of strings from a list of scalars, or a comma-separated string */
    public static List<String> asList(Object value) {
        if (value instanceof List<?> list) {
            List<String> result = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element == null || element instanceof List || element instanceof Map) {
                    throw new IllegalArgumentException("expected a list of text values, got " + describe(value));
                }
                result.add(element.toString());
            }
            return List.copyOf(result);
        }
        if (value instanceof String text) {
            if (text.isBlank()) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (String part : text.split(",")) {
                result.add(part.trim());
            }
            return List.copyOf(result);
        }
        throw new IllegalArgumentException("expected a list, got " + describe(value));
    }

    /**
     * Masks the credentials URLs carry, for text that is shown (messages, {@code toString()}): a password written into a
     * URL is a secret even where the option holding the URL is not.
     *
     * @param text any text
     * @return the text with every {@code scheme://user:password@} turned into {@code scheme://****@}
     */
    public static String withoutCredentials(String text) {
        return text.indexOf('@') < 0 ? text : URL_CREDENTIALS.matcher(text).replaceAll("$1****@");
    }

    /** @return a short description of a value for messages: its text, quoted, or its kind */
    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String text) {
            return "'" + withoutCredentials(text) + "'";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value.toString();
    }
}
