package io.tango.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Renders typed values in the form a config file would give them ({@code 30s}, {@code 4GiB}), so defaults and ranges
 * read the same in help texts, {@code toString()} and problem messages as in the documents users write. Every form it
 * renders is one the runtime parses back to the same value. Stateless.
 */
final class ConfigForms {
    private static final String[] SIZE_UNITS = {"TiB", "GiB", "MiB", "KiB"};
    private static final int[] SIZE_SHIFTS = {40, 30, 20, 10};
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long[] DURATION_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String[] DURATION_UNITS = {"d", "h", "m", "s", "ms"};

    private ConfigForms() {}

    /**
     * @param type the option's type
     * @param value a value of that type
     * @return its config form
     */
    static String format(OptionType type, Object value) {
        return switch (type) {
            case DURATION -> duration((Duration) value);
            case SIZE -> size((Long) value);
            case LIST -> String.join(",", ((List<?>) value).stream().map(String::valueOf).toList());
            case MAP -> ((Map<?, ?>) value).toString();
            default -> String.valueOf(value);
        };
    }

    /** A whole number of milliseconds as parts with units ({@code 1m30s}); anything finer in ISO-8601. */
    static String duration(Duration value) {
        if (value.isZero()) {
            return "0s";
        }
        if (value.isNegative() || value.getNano() % NANOS_PER_MILLI != 0) {
            return value.toString();
        }
        long millis = value.toMillis();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < DURATION_UNITS.length; i++) {
            long amount = millis / DURATION_MILLIS[i];
            if (amount > 0) {
                text.append(amount).append(DURATION_UNITS[i]);
                millis -= amount * DURATION_MILLIS[i];
            }
        }
        return text.toString();
    }

    /** A size in the largest binary unit that divides it ({@code 4GiB}), else in bytes ({@code 1000B}). */
    static String size(long bytes) {
        for (int i = 0; i < SIZE_UNITS.length; i++) {
            long unit = 1L << SIZE_SHIFTS[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + SIZE_UNITS[i];
            }
        }
        return bytes + "B";
    }
}
