package io.tango.spark;

import io.tango.api.DataType;

import java.io.Serializable;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One model input fed from one column: a scalar per row (an empty row shape) or an array per row, in the model's
 * element type.
 *
 * @param column the column's name
 * @param input the model input's name
 * @param type the model input's element type
 * @param rowShape the input's shape without the batch dimension; -1 marks a free dimension
 */
record InputBinding(String column, String input, DataType type, List<Long> rowShape) implements Serializable {
    private static final long serialVersionUID = 1L;

    InputBinding {
        requireNonNull(column, "column is null");
        requireNonNull(input, "input is null");
        requireNonNull(type, "type is null");
        rowShape = List.copyOf(requireNonNull(rowShape, "rowShape is null"));
    }

    /**
     * @return whether each row holds one value (not an array): the input's shape is {@code [-1]}, or {@code [-1, 1]}
     *     (a column input as many exporters write it, e.g. sklearn-onnx), fed from a plain column either way
     */
    boolean scalar() {
        return rowShape.isEmpty() || rowShape.equals(List.of(1L));
    }

    /** @return how many array levels the column has per row: 0 for a scalar input */
    int arrayDimensions() {
        return scalar() ? 0 : rowShape.size();
    }
}
