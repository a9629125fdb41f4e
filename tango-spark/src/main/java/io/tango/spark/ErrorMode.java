package io.tango.spark;

/** What a scorer does with a row it cannot score (a null input, or a row the model rejects). */
public enum ErrorMode {
    /** Fail the job with the model's (or the data's) message and the row's position. The default. */
    FAIL,
    /**
     * Score the row as null outputs and put the message in a string column {@value ErrorColumn#NAME}; rows scored
     * without error have null there.
     */
    NULL_WITH_ERROR_COLUMN
}
