package io.tango.toolkit.text;

import java.time.Duration;

/**
 * Formats durations the way config writes them ({@code 30s}, {@code 500ms}, {@code 2m}), so a message names a timeout
 * in the form the user wrote it. Stateless.
 */
public final class Durations {
    private Durations() {}

    /**
     * @param duration a duration
     * @return its shortest exact form among {@code ms}, {@code s}, {@code m}, {@code h}
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis != 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
