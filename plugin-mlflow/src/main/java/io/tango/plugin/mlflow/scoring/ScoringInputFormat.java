package io.tango.plugin.mlflow.scoring;

import java.util.Locale;
import java.util.Optional;

/**
 * The JSON input formats of MLflow's {@code /invocations}, and {@link #AUTO}, which picks one from the request's
 * shape (see {@link ScoringPayloads}).
 */
public enum ScoringInputFormat {
    /** Pick from the request's shape. */
    AUTO,
    /** {@code {"dataframe_split": {"columns": [...], "data": [[...], ...]}}}: a table, row by row. */
    DATAFRAME_SPLIT,
    /** {@code {"dataframe_records": [{"column": value, ...}, ...]}}: a table, one map per row. */
    DATAFRAME_RECORDS,
    /** {@code {"instances": [...]}}: TF-serving's row format, one map per row (or the rows as given). */
    INSTANCES,
    /** {@code {"inputs": {...}}}: TF-serving's columnar format, a map of named inputs (or one unnamed input). */
    INPUTS;

    /** @return the JSON key of the format, e.g. {@code dataframe_split}; {@code auto} for {@link #AUTO} */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a format's key, case-insensitive
     * @return the format, if the text names one
     */
    public static Optional<ScoringInputFormat> fromKey(String text) {
        for (ScoringInputFormat format : values()) {
            if (format.key().equalsIgnoreCase(text.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
