package io.tango.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One row of the results table: what was measured against what, the ratio, the target and whether it was met.
 *
 * @param id a stable identifier, e.g. {@code predict.tangoModelPredict}
 * @param title what is measured, in words
 * @param tango TANGO's figure as text (median and spread)
 * @param baseline the baseline's figure as text, or "—"
 * @param ratio the ratio (or the derived figure the target is about) as text
 * @param target the target as text
 * @param verdict whether the target was met
 * @param load the 1-minute load average when the phase started
 * @param values the numbers behind the text, for the JSON file
 */
public record Figure(
        String id,
        String title,
        String tango,
        String baseline,
        String ratio,
        String target,
        Verdict verdict,
        String load,
        Map<String, Object> values) {

    public Figure {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(tango, "tango is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(ratio, "ratio is null");
        requireNonNull(target, "target is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(load, "load is null");
        values = new LinkedHashMap<>(requireNonNull(values, "values is null"));
    }

    /** Whether a figure met its target. */
    public enum Verdict {
        /** Measured, and within the target. */
        MET,
        /** Measured, and outside the target. */
        MISSED,
        /** Measured; the target only asks to report it. */
        REPORTED,
        /** Not measured in this run; the row says why. */
        NOT_MEASURED;

        /** @return how the table shows it */
        public String text() {
            return switch (this) {
                case MET -> "met";
                case MISSED -> "**missed**";
                case REPORTED -> "reported";
                case NOT_MEASURED -> "not measured";
            };
        }
    }
}
