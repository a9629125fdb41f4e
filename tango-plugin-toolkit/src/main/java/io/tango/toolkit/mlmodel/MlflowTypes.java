package io.tango.toolkit.mlmodel;

import io.tango.api.DataType;

import java.util.Locale;

/**
 * MLflow's signature types in TANGO's {@link DataType}s, by MLflow's own semantics. Stateless.
 *
 * <p>Column specs name an MLflow type ({@code boolean}, {@code integer} = int32, {@code long} = int64, {@code float} =
 * float32, {@code double} = float64, {@code string}, {@code binary}, {@code datetime}, and the structured
 * {@code array}, {@code object}, {@code map}); tensor specs name a numpy dtype, each mapped to the TANGO type of the
 * same width and kind: {@code uint8} → UINT8 … {@code uint64} → UINT64, {@code float16} → FLOAT16. {@code any}, and a
 * type this reader does not know (from a newer MLflow, or {@code complex128}), are {@link DataType#UNKNOWN}: not
 * declared, rather than refused.
 */
public final class MlflowTypes {
    private MlflowTypes() {}

    /**
     * @param type a column spec's {@code type}, e.g. {@code double}
     * @return its TANGO type
     */
    public static DataType columnType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "boolean" -> DataType.BOOLEAN;
            case "integer" -> DataType.INT32;
            case "long" -> DataType.INT64;
            case "float" -> DataType.FLOAT32;
            case "double" -> DataType.FLOAT64;
            case "string", "datetime" -> DataType.STRING;
            case "binary" -> DataType.BYTES;
            case "array", "object", "map" -> DataType.OBJECT;
            default -> DataType.UNKNOWN;
        };
    }

    /**
     * @param dtype a tensor spec's numpy dtype name, e.g. {@code float32}, {@code str}, {@code bytes80}
     * @return its TANGO type
     */
    public static DataType tensorType(String dtype) {
        String name = dtype.toLowerCase(Locale.ROOT);
        // numpy names fixed-width text and bytes with their width in bits: str256, bytes80.
        if (name.matches("(str|unicode)[0-9]*")) {
            return DataType.STRING;
        }
        if (name.matches("bytes[0-9]*")) {
            return DataType.BYTES;
        }
        if (name.startsWith("datetime64")) {
            return DataType.STRING;
        }
        return switch (name) {
            case "bool" -> DataType.BOOLEAN;
            case "int8" -> DataType.INT8;
            case "int16" -> DataType.INT16;
            case "int32" -> DataType.INT32;
            case "int64" -> DataType.INT64;
            case "uint8" -> DataType.UINT8;
            case "uint16" -> DataType.UINT16;
            case "uint32" -> DataType.UINT32;
            case "uint64" -> DataType.UINT64;
            case "float16" -> DataType.FLOAT16;
            case "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            case "object" -> DataType.STRING;
            default -> DataType.UNKNOWN;
        };
    }
}
