package io.tango.api;

/** The element type of a model input or output, in the vocabulary shared by ONNX, MLflow signatures and DEEPaaS. */
public enum DataType {
    BOOLEAN,
    INT8,
    INT16,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    STRING,
    /** Raw bytes or a file (a DEEPaaS file argument, an image). */
    BYTES,
    /** A structured value (a JSON object or list) whose inner types are not declared. */
    OBJECT,
    /** Not declared by the model. */
    UNKNOWN;

    /** @return whether this is a numeric type */
    public boolean isNumeric() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }
}
