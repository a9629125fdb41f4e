package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Turns the input values of a batch of rows into one {@link TangoRequest} (one tensor per model input: a column of
 * scalars, or the rows' arrays stacked) and splits the response back into one array of output values per row, in
 * order. Stateless and thread-safe.
 */
final class RowBatcher {
    private final ScoringPlan plan;

    RowBatcher(ScoringPlan plan) {
        this.plan = requireNonNull(plan, "plan is null");
    }

    /**
     * Checks one row's input values before it joins a batch.
     *
     * @param values the row's value for each input, in the plan's input order
     * @param position the row's position, for the message (e.g. {@code row 7 of partition 1})
     * @return null if the row can be scored, else what is wrong with it and the fix
     */
    String check(Object[] values, String position) {
        for (int i = 0; i < values.length; i++) {
            InputBinding input = plan.inputs().get(i);
            Object value = values[i];
            if (value == null) {
                return "column '" + input.column() + "' is null in " + position + nullFix();
            }
            if (!input.scalar()) {
                String problem = checkArray(input, value, 0, position);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private String nullFix() {
        return "; model '" + plan.spec().modelKey() + "' needs a value: drop or fill nulls first (Dataset.na()), or score"
                + " with ErrorMode.NULL_WITH_ERROR_COLUMN";
    }

    private String checkArray(InputBinding input, Object value, int dimension, String position) {
        if (dimension == input.rowShape().size()) {
            return value == null ? "column '" + input.column() + "' has a null element in " + position + nullFix() : null;
        }
        if (value == null) {
            return "column '" + input.column() + "' has a null array in " + position + nullFix();
        }
        List<?> list = Columns.list(value);
        long expected = input.rowShape().get(dimension);
        if (expected >= 0 && list.size() != expected) {
            return "column '" + input.column() + "' has " + list.size() + " elements" + (dimension == 0 ? "" : " at depth " + (dimension + 1))
                    + " in " + position + "; model '" + plan.spec().modelKey() + "' input '" + input.input() + "' expects "
                    + expected + " (shape " + input.rowShape() + " per row)";
        }
        for (Object element : list) {
            String problem = checkArray(input, element, dimension + 1, position);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * @param rows each row's input values (checked), in order
     * @return one request for all of them
     * @throws InvalidRequestException if the rows' arrays differ in a dimension the model leaves free, or an unsigned
     *     input gets a negative value
     */
    TangoRequest request(List<Object[]> rows) {
        TangoRequest.Builder request = TangoRequest.builder();
        for (int i = 0; i < plan.inputs().size(); i++) {
            request.input(plan.inputs().get(i).input(), tensor(plan.inputs().get(i), i, rows));
        }
        return request.build();
    }

    private Tensor tensor(InputBinding input, int index, List<Object[]> rows) {
        int count = rows.size();
        List<Object> flat;
        long[] shape;
        if (input.scalar()) {
            flat = new ArrayList<>(count);
            for (Object[] row : rows) {
                flat.add(row[index]);
            }
            shape = new long[] {count};
        } else {
            long[] rowShape = null;
            flat = new ArrayList<>();
            for (Object[] row : rows) {
                List<Long> dimensions = new ArrayList<>();
                flatten(row[index], 0, input.rowShape().size(), dimensions, flat);
                long[] actual = dimensions.stream().mapToLong(Long::longValue).toArray();
                if (rowShape == null) {
                    rowShape = actual;
                } else if (!Arrays.equals(rowShape, actual)) {
                    throw new InvalidRequestException("column '" + input.column() + "' holds arrays of shape "
                            + Arrays.toString(actual) + " and " + Arrays.toString(rowShape) + " in one batch; model '"
                            + plan.spec().modelKey() + "' input '" + input.input() + "' needs one shape per request");
                }
            }
            shape = new long[rowShape.length + 1];
            shape[0] = count;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        }
        return build(input, flat, shape);
    }

    private static void flatten(Object value, int dimension, int dimensions, List<Long> shape, List<Object> flat) {
        if (dimension == dimensions) {
            flat.add(value);
            return;
        }
        List<?> list = Columns.list(value);
        if (shape.size() == dimension) {
            shape.add((long) list.size());
        } else if (shape.get(dimension) != list.size()) {
            throw new InvalidRequestException("a row's array is not rectangular: " + shape.get(dimension) + " and "
                    + list.size() + " elements at depth " + (dimension + 1));
        }
        for (Object element : list) {
            flatten(element, dimension + 1, dimensions, shape, flat);
        }
    }

    private static Tensor build(InputBinding input, List<Object> flat, long[] shape) {
        int size = flat.size();
        DataType type = input.type();
        switch (type) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float[] values = new float[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) flat.get(i)).floatValue();
                }
                return Tensor.ofFloats(type, values, shape);
            }
            case FLOAT64 -> {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) flat.get(i)).doubleValue();
                }
                return Tensor.ofDoubles(values, shape);
            }
            case BOOLEAN -> {
                boolean[] values = new boolean[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Boolean) flat.get(i);
                }
                return Tensor.ofBooleans(values, shape);
            }
            case STRING -> {
                List<String> values = new ArrayList<>(size);
                for (Object value : flat) {
                    values.add((String) value);
                }
                return Tensor.ofStrings(values, shape);
            }
            default -> {
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) flat.get(i)).longValue();
                }
                try {
                    return Tensor.ofIntegers(type, values, shape);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("column '" + input.column() + "' does not fit model input '"
                            + input.input() + "': " + e.getMessage());
                }
            }
        }
    }

    /**
     * @param response the model's response to a request of {@code count} rows
     * @param count the number of rows
     * @return each row's output values, in the plan's output order, as Spark's external types
     * @throws IllegalStateException if the response lacks an output or has another number of rows
     */
    List<Object[]> split(TangoResponse response, int count) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            rows.add(new Object[plan.outputs().size()]);
        }
        for (int o = 0; o < plan.outputs().size(); o++) {
            OutputField output = plan.outputs().get(o);
            Object value = response.outputs().get(output.name());
            if (value == null) {
                throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned no output '" + output.name()
                        + "' (it returned " + response.outputs().keySet() + ") though its signature declares it");
            }
            List<Object> values = value instanceof Tensor tensor ? rowsOf(output, tensor, count) : rowsOf(output, value, count);
            for (int r = 0; r < count; r++) {
                rows.get(r)[o] = values.get(r);
            }
        }
        return rows;
    }

    private List<Object> rowsOf(OutputField output, Tensor tensor, int count) {
        long[] shape = tensor.shape();
        if (count == 0 || tensor.size() % count != 0 || (shape.length > 0 && shape[0] != count)) {
            throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                    + "' of shape " + Arrays.toString(shape) + " for a batch of " + count + " rows");
        }
        int stride = Math.toIntExact(tensor.size() / count);
        org.apache.spark.sql.types.DataType element = elementType(output.sparkType());
        List<Object> flat = elements(tensor, element);
        List<Object> rows = new ArrayList<>(count);
        if (output.rowShape().isEmpty()) {
            if (stride != 1) {
                throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                        + "' of shape " + Arrays.toString(shape) + "; its signature declares one value per row");
            }
            rows.addAll(flat);
            return rows;
        }
        long[] rowShape = shape.length > 1 ? Arrays.copyOfRange(shape, 1, shape.length) : new long[] {stride};
        if (rowShape.length != output.rowShape().size()) {
            throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                    + "' of shape " + Arrays.toString(shape) + "; its signature declares " + output.rowShape() + " per row");
        }
        for (int r = 0; r < count; r++) {
            rows.add(nest(flat.subList(r * stride, (r + 1) * stride), rowShape, 0));
        }
        return rows;
    }

    /** @return one row's values nested per dimension, as Scala sequences (what Spark's row encoders take for arrays) */
    private static Object nest(List<Object> flat, long[] shape, int dimension) {
        if (dimension == shape.length - 1) {
            return Columns.seq(flat.toArray());
        }
        int length = Math.toIntExact(shape[dimension]);
        int stride = flat.size() / Math.max(length, 1);
        Object[] nested = new Object[length];
        for (int i = 0; i < length; i++) {
            nested[i] = nest(flat.subList(i * stride, (i + 1) * stride), shape, dimension + 1);
        }
        return Columns.seq(nested);
    }

    private static org.apache.spark.sql.types.DataType elementType(org.apache.spark.sql.types.DataType type) {
        return type instanceof ArrayType array ? elementType(array.elementType()) : type;
    }

    private static List<Object> elements(Tensor tensor, org.apache.spark.sql.types.DataType element) {
        int size = Math.toIntExact(tensor.size());
        List<Object> values = new ArrayList<>(size);
        if (element == DataTypes.StringType) {
            values.addAll(tensor.strings());
            return values;
        }
        if (element == DataTypes.FloatType) {
            if (tensor.type() == DataType.FLOAT32) {
                FloatBuffer buffer = tensor.data().asFloatBuffer();
                for (int i = 0; i < size; i++) {
                    values.add(buffer.get(i));
                }
            } else {
                for (float value : tensor.toFloatArray()) {
                    values.add(value);
                }
            }
            return values;
        }
        if (element == DataTypes.DoubleType) {
            for (double value : tensor.toDoubleArray()) {
                values.add(value);
            }
            return values;
        }
        if (element == DataTypes.BooleanType) {
            for (double value : tensor.toDoubleArray()) {
                values.add(value != 0);
            }
            return values;
        }
        for (long value : tensor.toLongArray()) {
            values.add(Columns.integer(value, element));
        }
        return values;
    }

    private List<Object> rowsOf(OutputField output, Object value, int count) {
        if (value instanceof List<?> list && list.size() == count) {
            List<Object> rows = new ArrayList<>(count);
            for (Object row : list) {
                rows.add(Columns.external(row, output.sparkType()));
            }
            return rows;
        }
        if (count == 1 && !(value instanceof List<?>)) {
            return java.util.Collections.singletonList(Columns.external(value, output.sparkType()));
        }
        throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name() + "' as "
                + value.getClass().getSimpleName() + (value instanceof List<?> list ? " of " + list.size() + " elements" : "")
                + " for a batch of " + count + " rows");
    }
}
