package io.tango.spark;

/** Where a scorer puts the model's outputs in the scored dataset. */
public enum OutputLayout {
    /** One struct column (named by {@link ScoringSpec#outputColumn()}) with one field per model output. */
    STRUCT,
    /** One top-level column per model output, named as the output. */
    COLUMNS
}
