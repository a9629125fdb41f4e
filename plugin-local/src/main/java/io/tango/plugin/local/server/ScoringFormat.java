package io.tango.plugin.local.server;

/** Which of MLflow's request forms a scoring request used; it decides the shape of the answer. */
public enum ScoringFormat {
    /** {@code dataframe_split}, {@code dataframe_records}, record-style {@code instances} or CSV: answered row-wise. */
    DATAFRAME,
    /** {@code inputs} or row-style {@code instances}: answered as tensors. */
    TENSOR
}
