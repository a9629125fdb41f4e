package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Turns the input values of a batch of rows into one {@link TangoRequest} (one tensor per model input: a column of
 * scalars, or the rows' arrays stacked) and splits the response back into one array of output values per row, in
 * order. Stateless and thread-safe.
 */
final class RowBatcher {
    private final ScoringPlan plan;
    // Asked for every value of every row: worked out once here rather than from each binding's shape on each call.
    private final int[] arrayDimensions;

    RowBatcher(ScoringPlan plan) {
        this.plan = requireNonNull(plan, "plan is null");
        this.arrayDimensions = plan.inputs().stream().mapToInt(InputBinding::arrayDimensions).toArray();
    }

    /**
     * Checks one row's input values before it joins a batch: no nulls, arrays of the input's fixed lengths, values of
     * the input's kind (what the driver checked on the column types; the UDF's struct is only seen here).
     *
     * @param values the row's value for each input, in the plan's input order
     * @param position the row's position, for the message (e.g. {@code row 7 of partition 1}); only asked on a problem
     * @return null if the row can be scored, else what is wrong with it and the fix
     */
    String check(Object[] values, Supplier<String> position) {
        for (int i = 0; i < values.length; i++) {
            String problem = check(plan.inputs().get(i), arrayDimensions[i], values[i], 0, position);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String check(
            InputBinding input, int arrayDimensions, Object value, int dimension, Supplier<String> position) {
        if (value == null) {
            String what = arrayDimensions == 0 ? "is null" : dimension == 0 ? "has a null array" : "has a null element";
            return column(input) + what + " in " + position.get() + "; model '" + plan.spec().modelKey()
                    + "' needs a value: drop or fill nulls first (Dataset.na()), or score with ErrorMode.NULL_WITH_ERROR_COLUMN";
        }
        if (dimension == arrayDimensions) {
            return fits(input, value) ? null : column(input) + "holds " + value.getClass().getSimpleName() + " " + value + " in "
                    + position.get() + "; model '" + plan.spec().modelKey() + "' input '" + input.input() + "' is "
                    + input.type() + ", which takes " + SparkTypes.describeAccepted(input.type()) + " values";
        }
        Object[] elements = Columns.elements(value);
        if (elements == null) {
            return column(input) + "holds " + value.getClass().getSimpleName() + " " + value + " in " + position.get() + "; model '"
                    + plan.spec().modelKey() + "' input '" + input.input() + "' expects an array of shape "
                    + input.rowShape() + " per row";
        }
        int length = elements.length;
        long expected = input.rowShape().get(dimension);
        if (expected >= 0 && length != expected) {
            return column(input) + "has " + length + " elements" + (dimension == 0 ? "" : " at depth " + (dimension + 1))
                    + " in " + position.get() + "; model '" + plan.spec().modelKey() + "' input '" + input.input() + "' expects "
                    + expected + " (shape " + input.rowShape() + " per row)";
        }
        if (dimension + 1 == arrayDimensions) {
            // The innermost array holds the values: tested here, one loop, rather than one call each; a bad value is
            // handed to the call above for its message.
            for (Object element : elements) {
                if (element == null || !fits(input, element)) {
                    return check(input, arrayDimensions, element, dimension + 1, position);
                }
            }
            return null;
        }
        for (Object element : elements) {
            String problem = check(input, arrayDimensions, element, dimension + 1, position);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String column(InputBinding input) {
        return "column '" + input.column() + "' ";
    }

    private static boolean fits(InputBinding input, Object value) {
        return switch (input.type()) {
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            default -> value instanceof Number;
        };
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
        if (arrayDimensions[index] == 0) {
            Object[] values = new Object[count];
            for (int r = 0; r < count; r++) {
                values[r] = rows.get(r)[index];
            }
            return build(input, values, input.rowShape().isEmpty() ? new long[] {count} : new long[] {count, 1});
        }
        if (arrayDimensions[index] == 1) {
            // The common tensor input, one array per row ([-1, n]): the rows' arrays side by side, each read once.
            int width = Columns.elements(rows.get(0)[index]).length;
            Object[] values = new Object[count * width];
            for (int r = 0; r < count; r++) {
                Object[] elements = Columns.elements(rows.get(r)[index]);
                if (elements.length != width) {
                    throw new InvalidRequestException("column '" + input.column() + "' holds arrays of " + elements.length
                            + " and " + width + " elements in one batch; model '" + plan.spec().modelKey() + "' input '"
                            + input.input() + "' needs one length per request");
                }
                System.arraycopy(elements, 0, values, r * width, width);
            }
            return build(input, values, new long[] {count, width});
        }
        long[] rowShape = null;
        List<Object> flat = new ArrayList<>();
        for (Object[] row : rows) {
            List<Long> dimensions = new ArrayList<>();
            flatten(row[index], 0, arrayDimensions[index], dimensions, flat);
            long[] actual = dimensions.stream().mapToLong(Long::longValue).toArray();
            if (rowShape == null) {
                rowShape = actual;
            } else if (!Arrays.equals(rowShape, actual)) {
                throw new InvalidRequestException("column '" + input.column() + "' holds arrays of shape "
                        + Arrays.toString(actual) + " and " + Arrays.toString(rowShape) + " in one batch; model '"
                        + plan.spec().modelKey() + "' input '" + input.input() + "' needs one shape per request");
            }
        }
        long[] shape = new long[rowShape.length + 1];
        shape[0] = count;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return build(input, flat.toArray(), shape);
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

    /** Builds one tensor of the input's type from checked elements, without boxing them again. */
    private static Tensor build(InputBinding input, Object[] elements, long[] shape) {
        DataType type = input.type();
        int size = elements.length;
        switch (type) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float[] values = new float[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) elements[i]).floatValue();
                }
                return Tensor.ofFloats(type, values, shape);
            }
            case FLOAT64 -> {
                double[] values = new double[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) elements[i]).doubleValue();
                }
                return Tensor.ofDoubles(values, shape);
            }
            case BOOLEAN -> {
                boolean[] values = new boolean[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (Boolean) elements[i];
                }
                return Tensor.ofBooleans(values, shape);
            }
            case STRING -> {
                List<String> values = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    values.add((String) elements[i]);
                }
                return Tensor.ofStrings(values, shape);
            }
            default -> {
                long[] values = new long[size];
                for (int i = 0; i < size; i++) {
                    values[i] = ((Number) elements[i]).longValue();
                }
                return integers(input, values, shape);
            }
        }
    }

    /**
     * @return a tensor of the input's integer type
     * @throws InvalidRequestException if a value does not fit the type (a negative value for an unsigned input)
     */
    static Tensor integers(InputBinding input, long[] values, long[] shape) {
        try {
            return Tensor.ofIntegers(input.type(), values, shape);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("column '" + input.column() + "' does not fit model input '"
                    + input.input() + "': " + e.getMessage());
        }
    }

    /**
     * @param response the model's response to a request of {@code count} rows
     * @param count the number of rows
     * @return each row's output values, in the plan's output order, as Spark's external types
     * @throws IllegalStateException if the response lacks an output or has another number of rows
     */
    List<Object[]> split(TangoResponse response, int count) {
        Object[][] columns = columns(response, count);
        List<Object[]> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            Object[] row = new Object[columns.length];
            for (int o = 0; o < columns.length; o++) {
                row[o] = columns[o][r];
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * @param response the model's response to a request of {@code count} rows
     * @param count the number of rows
     * @return each output's values (in the plan's output order), one per row, as Spark's external types
     * @throws IllegalStateException if the response lacks an output or has another number of rows
     */
    Object[][] columns(TangoResponse response, int count) {
        Object[][] columns = new Object[plan.outputs().size()][];
        for (int o = 0; o < columns.length; o++) {
            OutputField output = plan.outputs().get(o);
            Object value = response.outputs().get(output.name());
            if (value == null) {
                throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned no output '" + output.name()
                        + "' (it returned " + response.outputs().keySet() + ") though its signature declares it");
            }
            columns[o] = value instanceof Tensor tensor ? rowsOf(output, tensor, count) : rowsOf(output, value, count);
        }
        return columns;
    }

    private Object[] rowsOf(OutputField output, Tensor tensor, int count) {
        long[] shape = tensor.shape();
        if (count == 0 || tensor.size() % count != 0 || (shape.length > 0 && shape[0] != count)) {
            throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                    + "' of shape " + Arrays.toString(shape) + " for a batch of " + count + " rows");
        }
        int stride = Math.toIntExact(tensor.size() / count);
        IntFunction<Object> flat = elements(tensor, elementType(output.sparkType()));
        Object[] rows = new Object[count];
        if (output.scalar()) {
            if (stride != 1) {
                throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                        + "' of shape " + Arrays.toString(shape) + "; its signature declares one value per row");
            }
            for (int r = 0; r < count; r++) {
                rows[r] = flat.apply(r);
            }
            return rows;
        }
        long[] rowShape = shape.length > 1 ? Arrays.copyOfRange(shape, 1, shape.length) : new long[] {stride};
        if (rowShape.length != output.rowShape().size()) {
            throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name()
                    + "' of shape " + Arrays.toString(shape) + "; its signature declares " + output.rowShape() + " per row");
        }
        for (int r = 0; r < count; r++) {
            rows[r] = nest(flat, r * stride, stride, rowShape, 0);
        }
        return rows;
    }

    /**
     * @return the {@code length} elements from {@code offset} nested per dimension, as Scala sequences (what Spark's
     *     row encoders take for arrays)
     */
    private static Object nest(IntFunction<Object> flat, int offset, int length, long[] shape, int dimension) {
        int size = Math.toIntExact(shape[dimension]);
        Object[] values = new Object[size];
        if (dimension == shape.length - 1) {
            for (int i = 0; i < size; i++) {
                values[i] = flat.apply(offset + i);
            }
        } else {
            int stride = length / Math.max(size, 1);
            for (int i = 0; i < size; i++) {
                values[i] = nest(flat, offset + i * stride, stride, shape, dimension + 1);
            }
        }
        return Columns.seq(values);
    }

    private static org.apache.spark.sql.types.DataType elementType(org.apache.spark.sql.types.DataType type) {
        return type instanceof ArrayType array ? elementType(array.elementType()) : type;
    }

    /** @return the tensor's elements, read once into a primitive array and boxed as the Spark type's Java type on demand */
    private static IntFunction<Object> elements(Tensor tensor, org.apache.spark.sql.types.DataType element) {
        if (element == DataTypes.StringType) {
            List<String> strings = tensor.strings();
            return strings::get;
        }
        if (element == DataTypes.FloatType) {
            float[] values;
            if (tensor.type() == DataType.FLOAT32) {
                values = new float[Math.toIntExact(tensor.size())];
                tensor.data().asFloatBuffer().get(values);
            } else {
                values = tensor.toFloatArray();
            }
            return i -> values[i];
        }
        if (element == DataTypes.DoubleType) {
            double[] values = tensor.toDoubleArray();
            return i -> values[i];
        }
        if (element == DataTypes.BooleanType) {
            double[] values = tensor.toDoubleArray();
            return i -> values[i] != 0;
        }
        long[] values = tensor.toLongArray();
        return i -> Columns.integer(values[i], element);
    }

    private Object[] rowsOf(OutputField output, Object value, int count) {
        if (value instanceof List<?> list && list.size() == count) {
            Object[] rows = new Object[count];
            int r = 0;
            for (Object row : list) {
                rows[r++] = Columns.external(row, output.sparkType());
            }
            return rows;
        }
        if (count == 1 && !(value instanceof List<?>)) {
            return new Object[] {Columns.external(value, output.sparkType())};
        }
        throw new IllegalStateException("model '" + plan.spec().modelKey() + "' returned output '" + output.name() + "' as "
                + value.getClass().getSimpleName() + (value instanceof List<?> list ? " of " + list.size() + " elements" : "")
                + " for a batch of " + count + " rows");
    }
}
