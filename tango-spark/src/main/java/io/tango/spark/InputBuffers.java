package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import org.apache.spark.sql.Row;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A batch's input values read straight from its rows into one primitive array per input ({@code float[]},
 * {@code double[]} or {@code long[]} by the input's type), sized for the batch and reused from batch to batch, so a
 * row costs no object of its own on the way to the request. Only for plans whose inputs are all numeric, each a scalar
 * or an array of a fixed length per row ({@link #of} says which); a row these buffers cannot take is left to
 * {@link BatchScorer#score}, which checks it and says what is wrong. Not thread-safe: one per partition iterator.
 */
final class InputBuffers {
    private enum Kind { FLOAT, DOUBLE, LONG }

    private final ScoringPlan plan;
    private final int[] columns;
    private final int capacity;
    private final Kind[] kinds;
    private final boolean[] arrays;
    private final int[] widths;
    private final float[][] floats;
    private final double[][] doubles;
    private final long[][] longs;
    private int count;

    private InputBuffers(ScoringPlan plan, int[] columns, Kind[] kinds) {
        this.plan = plan;
        this.columns = columns.clone();
        this.capacity = plan.spec().batchSize();
        this.kinds = kinds;
        int inputs = kinds.length;
        this.arrays = new boolean[inputs];
        this.widths = new int[inputs];
        this.floats = new float[inputs][];
        this.doubles = new double[inputs][];
        this.longs = new long[inputs][];
        for (int i = 0; i < inputs; i++) {
            InputBinding input = plan.inputs().get(i);
            arrays[i] = input.arrayDimensions() == 1;
            widths[i] = arrays[i] ? Math.toIntExact(input.rowShape().get(0)) : 1;
            int size = capacity * widths[i];
            switch (kinds[i]) {
                case FLOAT -> floats[i] = new float[size];
                case DOUBLE -> doubles[i] = new double[size];
                case LONG -> longs[i] = new long[size];
            }
        }
    }

    /**
     * @param plan the plan
     * @param columns each input's column index in the rows
     * @return buffers for the plan's inputs, or null if an input is not numeric, or is an array of more than one
     *     dimension or of a length the model leaves free
     */
    static InputBuffers of(ScoringPlan plan, int[] columns) {
        requireNonNull(plan, "plan is null");
        requireNonNull(columns, "columns is null");
        Kind[] kinds = new Kind[plan.inputs().size()];
        for (int i = 0; i < kinds.length; i++) {
            InputBinding input = plan.inputs().get(i);
            kinds[i] = kind(input.type());
            boolean fixedArray = input.arrayDimensions() == 1 && input.rowShape().get(0) >= 0;
            if (kinds[i] == null || !(input.arrayDimensions() == 0 || fixedArray)) {
                return null;
            }
        }
        return new InputBuffers(plan, columns, kinds);
    }

    private static Kind kind(DataType type) {
        return switch (type) {
            case FLOAT32, FLOAT16, BFLOAT16 -> Kind.FLOAT;
            case FLOAT64 -> Kind.DOUBLE;
            case BOOLEAN, STRING -> null;
            default -> type.isInteger() ? Kind.LONG : null;
        };
    }

    /** Empties the buffers for the next batch. */
    void clear() {
        count = 0;
    }

    /** @return how many rows the buffers hold */
    int count() {
        return count;
    }

    /**
     * Reads a row's input values into the buffers, after the rows already there.
     *
     * @param row a row of the dataset
     * @return true if the row was added; false if it does not fit (a null, a non-number, an array of another length,
     *     or the buffers are full), and then the buffers hold what they held before
     */
    boolean add(Row row) {
        if (count == capacity) {
            return false;
        }
        for (int i = 0; i < columns.length; i++) {
            if (!read(i, row.get(columns[i]))) {
                // What the row wrote so far lies past count: the next row added overwrites it.
                return false;
            }
        }
        count++;
        return true;
    }

    private boolean read(int input, Object value) {
        int width = widths[input];
        int offset = count * width;
        if (!arrays[input]) {
            if (!(value instanceof Number number)) {
                return false;
            }
            put(input, offset, number);
            return true;
        }
        Object[] elements = value == null ? null : Columns.elements(value);
        if (elements == null || elements.length != width) {
            return false;
        }
        for (int e = 0; e < width; e++) {
            if (!(elements[e] instanceof Number number)) {
                return false;
            }
            put(input, offset + e, number);
        }
        return true;
    }

    private void put(int input, int index, Number number) {
        switch (kinds[input]) {
            case FLOAT -> floats[input][index] = number.floatValue();
            case DOUBLE -> doubles[input][index] = number.doubleValue();
            case LONG -> longs[input][index] = number.longValue();
        }
    }

    /**
     * @return one request for the rows the buffers hold
     * @throws io.tango.api.InvalidRequestException if an unsigned input gets a negative value
     */
    TangoRequest request() {
        TangoRequest.Builder request = TangoRequest.builder();
        for (int i = 0; i < kinds.length; i++) {
            InputBinding input = plan.inputs().get(i);
            long[] shape = arrays[i] || !input.rowShape().isEmpty() ? new long[] {count, widths[i]} : new long[] {count};
            int size = count * widths[i];
            Tensor tensor = switch (kinds[i]) {
                case FLOAT -> Tensor.ofFloats(input.type(), used(floats[i], size), shape);
                case DOUBLE -> Tensor.ofDoubles(used(doubles[i], size), shape);
                case LONG -> RowBatcher.integers(input, used(longs[i], size), shape);
            };
            request.input(input.input(), tensor);
        }
        return request.build();
    }

    private static float[] used(float[] values, int size) {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }

    private static double[] used(double[] values, int size) {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }

    private static long[] used(long[] values, int size) {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
