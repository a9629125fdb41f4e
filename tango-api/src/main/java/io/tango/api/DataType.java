package io.tango.api;

/**
 * The element type of a model input or output, in the vocabulary shared by ONNX, MLflow signatures, DEEPaaS and the
 * Open Inference Protocol.
 *
 * <p>The unsigned and half-precision types are held by a {@link Tensor} as their own bit patterns (one element per
 * 1, 2, 4 or 8 bytes, in the buffer's byte order like every other type), so they travel to and from an engine or a
 * wire format without widening; {@link Tensor#toNestedList()} and the {@code to...Array} methods give their values.
 */
public enum DataType {
    BOOLEAN,
    INT8,
    INT16,
    INT32,
    INT64,
    /** An unsigned 8-bit integer, 0 to 255. */
    UINT8,
    /** An unsigned 16-bit integer, 0 to 65,535. */
    UINT16,
    /** An unsigned 32-bit integer, 0 to 4,294,967,295. */
    UINT32,
    /** An unsigned 64-bit integer, 0 to 18,446,744,073,709,551,615. */
    UINT64,
    /**
     * IEEE 754 half precision (binary16: 1 sign, 5 exponent, 10 fraction bits), 2 bytes per element in a tensor's
     * data; see {@link HalfFloats}.
     */
    FLOAT16,
    /**
     * bfloat16 (the upper half of a FLOAT32: 1 sign, 8 exponent, 7 fraction bits), 2 bytes per element in a tensor's
     * data; see {@link HalfFloats}.
     */
    BFLOAT16,
    FLOAT32,
    FLOAT64,
    STRING,
    /** Raw bytes or a file (a DEEPaaS file argument, an image). */
    BYTES,
    /** A structured value (a JSON object or list) whose inner types are not declared. */
    OBJECT,
    /** Not declared by the model. */
    UNKNOWN;

    /** @return whether this is a numeric type: a signed or unsigned integer or a floating-point type */
    public boolean isNumeric() {
        return isInteger() || isFloatingPoint();
    }

    /** @return whether this is a signed or unsigned integer type */
    public boolean isInteger() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    /** @return whether this is an unsigned integer type: UINT8, UINT16, UINT32 or UINT64 */
    public boolean isUnsigned() {
        return switch (this) {
            case UINT8, UINT16, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    /** @return whether this is a floating-point type: FLOAT16, BFLOAT16, FLOAT32 or FLOAT64 */
    public boolean isFloatingPoint() {
        return switch (this) {
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }
}
