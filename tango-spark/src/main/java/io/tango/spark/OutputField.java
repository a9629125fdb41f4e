package io.tango.spark;

import io.tango.api.DataType;

import java.io.Serializable;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One model output and the Spark type of its column.
 *
 * @param name the output's name (and its field's or column's name)
 * @param type the output's element type
 * @param rowShape the output's shape without the batch dimension
 * @param sparkType the Spark type of one row's value
 */
record OutputField(String name, DataType type, List<Long> rowShape, org.apache.spark.sql.types.DataType sparkType)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    OutputField {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        rowShape = List.copyOf(requireNonNull(rowShape, "rowShape is null"));
        requireNonNull(sparkType, "sparkType is null");
    }

    /** @return whether each row gets one value, not an array: a row shape of {@code []} or {@code [1]} */
    boolean scalar() {
        return scalar(rowShape);
    }

    /**
     * @param rowShape an output's shape without the batch dimension
     * @return whether each row gets one value: {@code []}, or {@code [1]} (a column output of shape {@code [-1, 1]})
     */
    static boolean scalar(List<Long> rowShape) {
        return rowShape.isEmpty() || rowShape.equals(List.of(1L));
    }
}
