package io.tango.toolkit.oip;

import io.tango.api.DataType;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The tensor datatypes of the Open Inference Protocol: the specification's 13 ({@code BOOL}, {@code UINT8} …
 * {@code UINT64}, {@code INT8} … {@code INT64}, {@code FP16}, {@code FP32}, {@code FP64}, {@code BYTES}) and Triton's
 * {@code BF16}, each with its TANGO {@link DataType}.
 *
 * <p>{@code BYTES} is TANGO's {@link DataType#STRING}: OIP servers and clients put text in BYTES tensors (JSON
 * carries them as strings), and a TANGO STRING tensor holds text. BYTES elements are read as UTF-8; an element that is
 * not valid UTF-8 is refused rather than altered. A TANGO {@link DataType#BYTES} field (a file or blob) is written as
 * BYTES too, and so are {@link DataType#OBJECT} and {@link DataType#UNKNOWN} fields of a signature, which OIP cannot
 * describe more closely. {@code FP16} and {@code BF16} travel only as binary data (the binary tensor data extension
 * or gRPC raw contents), never as JSON numbers. Immutable.
 */
public enum OipDatatype {
    BOOL(DataType.BOOLEAN, 1),
    UINT8(DataType.UINT8, 1),
    UINT16(DataType.UINT16, 2),
    UINT32(DataType.UINT32, 4),
    UINT64(DataType.UINT64, 8),
    INT8(DataType.INT8, 1),
    INT16(DataType.INT16, 2),
    INT32(DataType.INT32, 4),
    INT64(DataType.INT64, 8),
    FP16(DataType.FLOAT16, 2),
    FP32(DataType.FLOAT32, 4),
    FP64(DataType.FLOAT64, 8),
    /** Variable-length elements: text (UTF-8) in TANGO. In binary form each is prefixed by its 4-byte length. */
    BYTES(DataType.STRING, 0),
    /** Triton's bfloat16; not in the specification's table. */
    BF16(DataType.BFLOAT16, 2);

    private final DataType dataType;
    private final int elementSize;

    OipDatatype(DataType dataType, int elementSize) {
        this.dataType = dataType;
        this.elementSize = elementSize;
    }

    /** @return the name on the wire, e.g. {@code FP32} */
    public String wireName() {
        return name();
    }

    /** @return the TANGO type of a tensor of this datatype */
    public DataType dataType() {
        return dataType;
    }

    /** @return the size of one element in bytes; 0 for {@link #BYTES}, whose elements vary */
    public int elementSize() {
        return elementSize;
    }

    /** @return whether tensors of this datatype may be written as JSON numbers; false for FP16 and BF16 */
    public boolean isJsonAllowed() {
        return this != FP16 && this != BF16;
    }

    /**
     * @param wireName a datatype as written on the wire; exact, upper case
     * @return the datatype, if OIP has it
     * @throws NullPointerException if {@code wireName} is null
     */
    public static Optional<OipDatatype> fromWireName(String wireName) {
        requireNonNull(wireName, "wireName is null");
        for (OipDatatype datatype : values()) {
            if (datatype.name().equals(wireName)) {
                return Optional.of(datatype);
            }
        }
        return Optional.empty();
    }

    /** @return the wire names, in the specification's order, for messages: {@code BOOL, UINT8, …, BF16} */
    public static String wireNames() {
        return Arrays.stream(values()).map(OipDatatype::wireName).collect(Collectors.joining(", "));
    }

    /**
     * @param type a TANGO type
     * @return the OIP datatype that carries it: STRING, BYTES, OBJECT and UNKNOWN become {@link #BYTES}
     * @throws NullPointerException if {@code type} is null
     */
    public static OipDatatype of(DataType type) {
        requireNonNull(type, "type is null");
        return switch (type) {
            case BOOLEAN -> BOOL;
            case INT8 -> INT8;
            case INT16 -> INT16;
            case INT32 -> INT32;
            case INT64 -> INT64;
            case UINT8 -> UINT8;
            case UINT16 -> UINT16;
            case UINT32 -> UINT32;
            case UINT64 -> UINT64;
            case FLOAT16 -> FP16;
            case BFLOAT16 -> BF16;
            case FLOAT32 -> FP32;
            case FLOAT64 -> FP64;
            case STRING, BYTES, OBJECT, UNKNOWN -> BYTES;
        };
    }
}
