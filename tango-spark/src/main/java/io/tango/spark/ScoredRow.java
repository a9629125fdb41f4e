package io.tango.spark;

/**
 * One row's result: its output values, or (in {@link ErrorMode#NULL_WITH_ERROR_COLUMN}) why it has none.
 *
 * @param outputs the output values in the plan's order, or null
 * @param error the error message, or null
 */
record ScoredRow(Object[] outputs, String error) {
    static ScoredRow of(Object[] outputs) {
        return new ScoredRow(outputs, null);
    }

    static ScoredRow failed(String error) {
        return new ScoredRow(null, error);
    }
}
