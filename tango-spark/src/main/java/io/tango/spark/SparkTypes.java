package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mapping between a TANGO signature's element types and Spark SQL types, with MLflow's casts: a column feeds a
 * model input when its values convert without loss (integer widening, integers into wider floating point), and
 * double feeds float (MLflow's {@code spark_udf} does the same). Anything else is refused with the casts that work.
 */
final class SparkTypes {
    private SparkTypes() {}

    /**
     * @param type a model output's element type
     * @return its Spark type
     * @throws IllegalArgumentException for OBJECT and UNKNOWN, which have no column type
     */
    static org.apache.spark.sql.types.DataType outputType(DataType type) {
        return switch (type) {
            case BOOLEAN -> DataTypes.BooleanType;
            case INT8 -> DataTypes.ByteType;
            case INT16, UINT8 -> DataTypes.ShortType;
            case INT32, UINT16 -> DataTypes.IntegerType;
            case INT64, UINT32, UINT64 -> DataTypes.LongType;
            case FLOAT16, BFLOAT16, FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
            case BYTES -> DataTypes.BinaryType;
            case OBJECT, UNKNOWN -> throw new IllegalArgumentException(type + " has no Spark column type");
        };
    }

    /**
     * @param field a model output
     * @param rowShape its shape without the batch dimension
     * @return the Spark type of one row's value: the element type, in one array per dimension after the batch's; an
     *     output of shape {@code [-1, 1]} (one value per row, as exporters often write it) is the plain element type
     */
    static org.apache.spark.sql.types.DataType outputType(FieldSpec field, List<Long> rowShape) {
        org.apache.spark.sql.types.DataType type = outputType(field.type());
        if (OutputField.scalar(rowShape)) {
            return type;
        }
        for (int i = 0; i < rowShape.size(); i++) {
            type = DataTypes.createArrayType(type, false);
        }
        return type;
    }

    /**
     * @param type a model input's element type
     * @return the Spark element types a column may have to feed it, without loss (or double into float, as MLflow)
     */
    static Set<String> acceptedColumnTypes(DataType type) {
        return switch (type) {
            case BOOLEAN -> Set.of("boolean");
            case INT8 -> Set.of("tinyint");
            case INT16 -> Set.of("tinyint", "smallint");
            case INT32 -> Set.of("tinyint", "smallint", "int");
            case INT64 -> Set.of("tinyint", "smallint", "int", "bigint");
            // Unsigned inputs: each value is range-checked when the request is built.
            case UINT8, UINT16, UINT32, UINT64 -> Set.of("tinyint", "smallint", "int", "bigint");
            case FLOAT16, BFLOAT16, FLOAT32 -> Set.of("tinyint", "smallint", "float", "double");
            case FLOAT64 -> Set.of("tinyint", "smallint", "int", "float", "double");
            case STRING -> Set.of("string");
            case BYTES, OBJECT, UNKNOWN -> Set.of();
        };
    }

    /** @return the accepted types of {@link #acceptedColumnTypes}, in a stable order for messages */
    static String describeAccepted(DataType type) {
        List<String> order = List.of("boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string");
        Set<String> accepted = acceptedColumnTypes(type);
        List<String> names = order.stream().filter(accepted::contains).collect(Collectors.toList());
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** @return the Spark type name to cast a column to for this input (what the fix in a message suggests) */
    static String castTarget(DataType type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case INT8 -> "tinyint";
            case INT16 -> "smallint";
            case INT32 -> "int";
            case INT64, UINT8, UINT16, UINT32, UINT64 -> "bigint";
            case FLOAT16, BFLOAT16, FLOAT32 -> "float";
            case FLOAT64 -> "double";
            default -> "string";
        };
    }

    /** @return whether tango-spark can build a request value of this type from a column */
    static boolean feedable(DataType type) {
        return !EnumSet.of(DataType.BYTES, DataType.OBJECT, DataType.UNKNOWN).contains(type);
    }

    /**
     * @param column a column's Spark type
     * @param dimensions how many array levels the model input expects per row
     * @return the element type's name after that many array levels, or null if the column has fewer levels
     */
    static String elementTypeName(org.apache.spark.sql.types.DataType column, int dimensions) {
        org.apache.spark.sql.types.DataType type = column;
        for (int i = 0; i < dimensions; i++) {
            if (!(type instanceof ArrayType array)) {
                return null;
            }
            type = array.elementType();
        }
        return type instanceof ArrayType ? null : type.simpleString();
    }
}
