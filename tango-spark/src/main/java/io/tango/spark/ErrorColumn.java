package io.tango.spark;

/** The error column of {@link ErrorMode#NULL_WITH_ERROR_COLUMN}. */
public final class ErrorColumn {
    /** The column's name. */
    public static final String NAME = "tango_error";

    private ErrorColumn() {}
}
