package io.tango.plugin.local.engine.onnx;

import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.engine.TabularLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Maps a {@link TangoRequest} to an ONNX graph's named input tensors, checking names, shapes and types.
 *
 * <p>Two request forms are accepted:
 * <ul>
 *   <li><b>named tensors</b>: every request input is a graph input, given as a {@link Tensor} or as nested lists; a
 *       value one rank short is completed (a list of values for a {@code [-1, 1]} input becomes a column; one row for
 *       a {@code [-1, n]} input becomes a batch of one); numeric types are converted the way MLflow's ONNX flavor does
 *       (e.g. float64 to float32), never from floating point to integers;</li>
 *   <li><b>tabular columns</b>: one request input per feature column (a list of values per column, or one value for
 *       one row), stacked in the model's declared column order into its tabular input {@code [rows, columns]}. A model
 *       with one 2-D input and no declared columns takes the columns in request order.</li>
 * </ul>
 * Every mismatch is an {@link InvalidRequestException} naming the input and what was expected. An input of a type ONNX
 * Runtime's Java API cannot create (UINT16, UINT32, UINT64) is an {@link UnsupportedTangoOperationException}.
 * Immutable.
 */
final class OnnxInputMapper {
    private final String modelName;
    private final Map<String, OnnxInput> inputs;
    private final List<String> columns;
    private final Optional<OnnxInput> tabularInput;
    /** The graph's only input, for the fast path of a request that gives it as a matching tensor; null otherwise. */
    private final OnnxInput single;

    OnnxInputMapper(String modelName, List<OnnxInput> inputs, TabularLayout layout) {
        this.modelName = requireNonNull(modelName, "modelName is null");
        Map<String, OnnxInput> byName = new LinkedHashMap<>();
        inputs.forEach(input -> byName.put(input.name(), input));
        this.inputs = byName;
        this.single = inputs.size() == 1 ? inputs.get(0) : null;
        this.columns = layout.columns();
        if (layout.input().isPresent()) {
            OnnxInput declared = byName.get(layout.input().get());
            if (declared == null) {
                throw new IllegalArgumentException("its tabular input '" + layout.input().get()
                        + "' is not an input of the ONNX graph " + byName.keySet());
            }
            this.tabularInput = Optional.of(declared);
        } else if (inputs.size() == 1 && inputs.get(0).shape().length == 2 && inputs.get(0).type().isNumeric()) {
            this.tabularInput = Optional.of(inputs.get(0));
        } else {
            this.tabularInput = Optional.empty();
        }
    }

    /** @return the feature columns the tabular form takes; empty when any columns (in order) are taken */
    List<String> columns() {
        return columns;
    }

    /** @return whether the model takes tabular columns */
    boolean isTabular() {
        return tabularInput.isPresent();
    }

    @SuppressWarnings("unchecked")
    Map<String, Tensor> map(TangoRequest request) {
        Map<String, Object> given = request.inputs();
        // The hot path: a one-input graph given its input as a tensor of its type and shape. Same answer as mapNamed
        // (no conversion, no reshape), without its lookups, copies of the shape and map: the request's own map, which
        // holds that one tensor under the input's name and cannot change, is the native request.
        if (single != null && given.size() == 1 && given.get(single.name()) instanceof Tensor tensor
                && tensor.type() == single.type() && single.matches(tensor)) {
            OnnxValues.checkFeedable(modelName, single.name(), single.type());
            return (Map<String, Tensor>) (Map<String, ?>) given;
        }
        if (given.isEmpty()) {
            throw new InvalidRequestException("the request has no inputs; model '" + modelName + "' expects " + expectation());
        }
        if (inputs.keySet().containsAll(given.keySet())) {
            return mapNamed(given);
        }
        if (tabularInput.isPresent()) {
            return Map.of(tabularInput.get().name(), mapColumns(given, tabularInput.get()));
        }
        String unknown = given.keySet().stream().filter(name -> !inputs.containsKey(name)).findFirst().orElseThrow();
        throw new InvalidRequestException("unknown input '" + unknown + "'; model '" + modelName + "' expects " + expectation());
    }

    private String expectation() {
        String tensors = "tensors [" + inputs.values().stream().map(OnnxInput::describe).collect(Collectors.joining(", ")) + "]";
        if (!columns.isEmpty()) {
            return tensors + " or numeric columns " + columns;
        }
        if (tabularInput.isPresent() && tabularInput.get().shape()[1] > 0) {
            return tensors + " or " + tabularInput.get().shape()[1] + " numeric columns";
        }
        return tensors;
    }

    private Map<String, Tensor> mapNamed(Map<String, Object> given) {
        for (String name : inputs.keySet()) {
            if (!given.containsKey(name)) {
                throw new InvalidRequestException("input '" + name + "' is missing; model '" + modelName + "' expects " + expectation());
            }
        }
        Map<String, Tensor> mapped = new LinkedHashMap<>();
        for (OnnxInput input : inputs.values()) {
            mapped.put(input.name(), toTensor(input, given.get(input.name())));
        }
        return mapped;
    }

    private Tensor toTensor(OnnxInput input, Object value) {
        OnnxValues.checkFeedable(modelName, input.name(), input.type());
        if (value instanceof Tensor tensor) {
            Tensor converted = convert(input, tensor);
            return reshape(input, converted, converted.shape());
        }
        List<Long> dimensions = new ArrayList<>();
        List<Object> flat = new ArrayList<>();
        flatten(input, value, 0, dimensions, flat);
        long[] shape = dimensions.stream().mapToLong(Long::longValue).toArray();
        // A value before a list at the same depth ([1.0, []]) passes flatten's checks; the count gives it away.
        if (elements(shape) != flat.size()) {
            throw new InvalidRequestException("input '" + input.name() + "' is not rectangular: values and lists mixed at"
                    + " one depth; model '" + modelName + "' expects " + input.describe());
        }
        Tensor tensor = build(input, flat, shape);
        return reshape(input, tensor, shape);
    }

    /** @return the number of elements of a shape, or -1 if it is too large to count */
    private static long elements(long[] shape) {
        long count = 1;
        try {
            for (long dimension : shape) {
                count = Math.multiplyExact(count, dimension);
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return count;
    }

    private Tensor reshape(OnnxInput input, Tensor tensor, long[] shape) {
        long[] expected = input.shape();
        long[] actual = shape;
        if (actual.length == expected.length - 1) {
            if (expected.length >= 1 && expected[expected.length - 1] == 1) {
                actual = Arrays.copyOf(actual, actual.length + 1);
                actual[actual.length - 1] = 1;
            } else {
                long[] batched = new long[actual.length + 1];
                batched[0] = 1;
                System.arraycopy(actual, 0, batched, 1, actual.length);
                actual = batched;
            }
        }
        if (!input.matches(actual)) {
            throw new InvalidRequestException("input '" + input.name() + "' has shape " + Arrays.toString(shape)
                    + "; model '" + modelName + "' expects " + input.describe());
        }
        if (Arrays.equals(actual, tensor.shape())) {
            return tensor;
        }
        return tensor.type() == DataType.STRING
                ? Tensor.ofStrings(tensor.strings(), actual)
                : Tensor.wrap(tensor.type(), tensor.data(), actual);
    }

    private void flatten(OnnxInput input, Object value, int depth, List<Long> dimensions, List<Object> flat) {
        if (value instanceof List<?> list) {
            if (dimensions.size() == depth) {
                dimensions.add((long) list.size());
            } else if (dimensions.size() < depth || dimensions.get(depth) != list.size()) {
                throw new InvalidRequestException("input '" + input.name() + "' is not rectangular: rows of different"
                        + " lengths at depth " + depth + "; model '" + modelName + "' expects " + input.describe());
            }
            for (Object element : list) {
                flatten(input, element, depth + 1, dimensions, flat);
            }
        } else {
            if (dimensions.size() != depth) {
                throw new InvalidRequestException("input '" + input.name() + "' is not rectangular: a value where a list"
                        + " was expected; model '" + modelName + "' expects " + input.describe());
            }
            flat.add(value);
        }
    }

    private Tensor build(OnnxInput input, List<Object> flat, long[] shape) {
        int count = flat.size();
        switch (input.type()) {
            case STRING -> {
                List<String> strings = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    Object element = flat.get(i);
                    if (!(element instanceof String text)) {
                        throw elementError(input, i, "a string", element);
                    }
                    strings.add(text);
                }
                return Tensor.ofStrings(strings, shape);
            }
            case BOOLEAN -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    if (!(flat.get(i) instanceof Boolean bool)) {
                        throw elementError(input, i, "true or false", flat.get(i));
                    }
                    values[i] = bool;
                }
                return Tensor.ofBooleans(values, shape);
            }
            case FLOAT16, BFLOAT16, FLOAT32 -> {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (float) number(input, i, flat.get(i));
                }
                return Tensor.ofFloats(input.type(), values, shape);
            }
            case FLOAT64 -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = number(input, i, flat.get(i));
                }
                return Tensor.ofDoubles(values, shape);
            }
            case INT8, INT16, INT32, INT64, UINT8 -> {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = integer(input, i, flat.get(i));
                }
                return integers(input, values, shape);
            }
            default -> throw new InvalidRequestException("input '" + input.name() + "' of model '" + modelName
                    + "' has type " + input.type() + ", which plugin-local cannot feed");
        }
    }

    private Tensor convert(OnnxInput input, Tensor tensor) {
        DataType expected = input.type();
        DataType actual = tensor.type();
        if (actual == expected) {
            return tensor;
        }
        boolean fromFloating = actual.isFloatingPoint();
        if (actual.isNumeric() && (expected == DataType.FLOAT32 || expected == DataType.FLOAT16
                || expected == DataType.BFLOAT16)) {
            return Tensor.ofFloats(expected, tensor.toFloatArray(), tensor.shape());
        }
        if (actual.isNumeric() && expected == DataType.FLOAT64) {
            return Tensor.ofDoubles(tensor.toDoubleArray(), tensor.shape());
        }
        if (actual.isNumeric() && !fromFloating && expected.isNumeric()) {
            long[] values;
            try {
                values = tensor.toLongArray();
            } catch (IllegalStateException e) {
                throw new InvalidRequestException("input '" + input.name() + "': " + e.getMessage() + "; model '"
                        + modelName + "' expects " + input.describe());
            }
            return integers(input, values, tensor.shape());
        }
        throw new InvalidRequestException("input '" + input.name() + "' is a " + actual + " tensor; model '" + modelName
                + "' expects " + input.describe());
    }

    private Tensor integers(OnnxInput input, long[] values, long[] shape) {
        try {
            return Tensor.ofIntegers(input.type(), values, shape);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("input '" + input.name() + "' " + e.getMessage() + "; model '" + modelName
                    + "' expects " + input.describe());
        }
    }

    private Tensor mapColumns(Map<String, Object> given, OnnxInput input) {
        OnnxValues.checkFeedable(modelName, input.name(), input.type());
        List<String> order = columns.isEmpty() ? List.copyOf(given.keySet()) : columns;
        Set<String> known = Set.copyOf(order);
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidRequestException("unknown input '" + name + "'; model '" + modelName + "' expects " + expectation());
            }
        }
        for (String column : order) {
            if (!given.containsKey(column)) {
                throw new InvalidRequestException("input '" + column + "' is missing; model '" + modelName + "' expects "
                        + expectation());
            }
        }
        long width = input.shape()[1];
        if (width >= 0 && width != order.size()) {
            throw new InvalidRequestException("the request has " + order.size() + " columns " + order + "; model '"
                    + modelName + "' expects " + expectation());
        }
        int rows = -1;
        String firstColumn = null;
        List<List<?>> values = new ArrayList<>(order.size());
        for (String column : order) {
            List<?> cells = cells(column, given.get(column));
            if (rows < 0) {
                rows = cells.size();
                firstColumn = column;
            } else if (cells.size() != rows) {
                throw new InvalidRequestException("input '" + column + "' has " + cells.size() + " rows but input '"
                        + firstColumn + "' has " + rows + "; every column of model '" + modelName + "' needs the same number of rows");
            }
            values.add(cells);
        }
        int width2 = order.size();
        double[] matrix = new double[rows * width2];
        for (int c = 0; c < width2; c++) {
            List<?> cells = values.get(c);
            for (int r = 0; r < rows; r++) {
                Object cell = cells.get(r);
                if (!(cell instanceof Number number)) {
                    throw new InvalidRequestException("input '" + order.get(c) + "' row " + r + " is "
                            + describe(cell) + "; model '" + modelName + "' expects a number");
                }
                matrix[r * width2 + c] = number.doubleValue();
            }
        }
        long[] shape = {rows, width2};
        return switch (input.type()) {
            case FLOAT32 -> {
                float[] floats = new float[matrix.length];
                for (int i = 0; i < matrix.length; i++) {
                    floats[i] = (float) matrix[i];
                }
                yield Tensor.ofFloats(floats, shape);
            }
            case FLOAT64 -> Tensor.ofDoubles(matrix, shape);
            case FLOAT16, BFLOAT16 -> {
                float[] floats = new float[matrix.length];
                for (int i = 0; i < matrix.length; i++) {
                    floats[i] = (float) matrix[i];
                }
                yield Tensor.ofFloats(input.type(), floats, shape);
            }
            default -> {
                long[] longs = new long[matrix.length];
                for (int i = 0; i < matrix.length; i++) {
                    if (matrix[i] != Math.rint(matrix[i])) {
                        int row = i / width2;
                        throw new InvalidRequestException("input '" + order.get(i % width2) + "' row " + row + " is "
                                + matrix[i] + "; model '" + modelName + "' expects an integer");
                    }
                    longs[i] = (long) matrix[i];
                }
                yield integers(input, longs, shape);
            }
        };
    }

    /**
     * The cells of one column: a list as given, a scalar as one row, or a numeric tensor of shape [], [n] or [n, 1]
     * (what the Open Inference Protocol sends for a column input of shape [-1]) as its values.
     */
    private List<?> cells(String column, Object value) {
        if (value instanceof Tensor tensor) {
            long[] shape = tensor.shape();
            boolean oneColumn = shape.length <= 1 || (shape.length == 2 && shape[1] == 1);
            if (!tensor.type().isNumeric() || !oneColumn) {
                throw new InvalidRequestException("input '" + column + "' is " + describe(tensor) + "; model '" + modelName
                        + "' expects one column of numbers (a tensor of shape [], [n] or [n, 1]) per input, or "
                        + expectation());
            }
            List<Double> cells = new ArrayList<>((int) tensor.size());
            for (double cell : tensor.toDoubleArray()) {
                cells.add(cell);
            }
            return cells;
        }
        return value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
    }

    private double number(OnnxInput input, int index, Object element) {
        if (!(element instanceof Number number)) {
            throw elementError(input, index, "a number", element);
        }
        return number.doubleValue();
    }

    private long integer(OnnxInput input, int index, Object element) {
        double value = number(input, index, element);
        if (value != Math.rint(value)) {
            throw elementError(input, index, "an integer", element);
        }
        return element instanceof Long || element instanceof Integer ? ((Number) element).longValue() : (long) value;
    }

    private InvalidRequestException elementError(OnnxInput input, int index, String expected, Object actual) {
        return new InvalidRequestException("input '" + input.name() + "' element " + index + " is " + describe(actual)
                + "; model '" + modelName + "' expects " + expected + " (" + input.describe() + ")");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        return String.valueOf(value);
    }
}
