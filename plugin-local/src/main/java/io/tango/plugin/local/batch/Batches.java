package io.tango.plugin.local.batch;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins requests on their first (batch) dimension into one request and splits the response back per request, without
 * knowing the model: {@link Tensor} inputs of every {@link DataType} (numeric data by bulk byte copies, strings by list
 * concatenation) and nested lists (MLflow's {@code inputs}, data-frame columns). Stateless.
 */
public final class Batches {
    private Batches() {}

    /**
     * What a request must share with others to be joined with them: its input names in order, each input's kind
     * (tensor type or list), dimensions but the first and element kind, its parameters and accepted content type.
     *
     * @param key equal for requests that can be joined
     * @param rows the request's size on the batch dimension
     */
    public record Form(Object key, int rows) {}

    private record InputForm(String name, DataType tensorType, List<Long> trailing, String leaf) {}

    private record Key(List<InputForm> inputs, Map<String, Object> parameters, Optional<String> accept) {}

    /**
     * @param request a request
     * @return its form; empty when it cannot be joined with others: an input that is not a tensor of rank 1 or more or
     *     a non-empty list, or inputs of different sizes on the first dimension
     */
    public static Optional<Form> form(TangoRequest request) {
        List<InputForm> inputs = new ArrayList<>(request.inputs().size());
        long rows = -1;
        for (Map.Entry<String, Object> input : request.inputs().entrySet()) {
            Object value = input.getValue();
            long size;
            InputForm form;
            if (value instanceof Tensor tensor) {
                long[] shape = tensor.shape();
                if (shape.length == 0) {
                    return Optional.empty();
                }
                size = shape[0];
                form = new InputForm(input.getKey(), tensor.type(), trailing(shape), null);
            } else if (value instanceof List<?> list) {
                size = list.size();
                List<Long> trailing = new ArrayList<>();
                Object element = list.isEmpty() ? null : list.get(0);
                while (element instanceof List<?> inner) {
                    trailing.add((long) inner.size());
                    element = inner.isEmpty() ? null : inner.get(0);
                }
                // Numbers of any class join: the engine converts each to the input's declared type alike.
                String leaf = element == null ? "null" : element instanceof Number ? "number" : element.getClass().getName();
                form = new InputForm(input.getKey(), null, trailing, leaf);
            } else {
                return Optional.empty();
            }
            if (size < 1 || size > Integer.MAX_VALUE || rows >= 0 && size != rows) {
                return Optional.empty();
            }
            rows = size;
            inputs.add(form);
        }
        if (rows < 1) {
            return Optional.empty();
        }
        return Optional.of(new Form(new Key(inputs, request.parameters(), request.accept()), (int) rows));
    }

    private static List<Long> trailing(long[] shape) {
        List<Long> dimensions = new ArrayList<>(shape.length - 1);
        for (int i = 1; i < shape.length; i++) {
            dimensions.add(shape[i]);
        }
        return dimensions;
    }

    /**
     * @param signature a model's signature
     * @return whether the model takes batches: it declares inputs, and every declared input and output with a shape
     *     has a dynamic ({@code -1}) first dimension
     */
    public static boolean takesBatches(ModelSignature signature) {
        if (signature.inputs().isEmpty()) {
            return false;
        }
        for (FieldSpec input : signature.inputs()) {
            if (input.shape().isEmpty() || input.shape().get(0) != -1) {
                return false;
            }
        }
        for (FieldSpec output : signature.outputs()) {
            if (!output.shape().isEmpty() && output.shape().get(0) != -1) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param requests requests of one {@link #form} key, at least one
     * @return one request whose every input is theirs concatenated on the first dimension, in order, with the first
     *     request's parameters and accepted content type
     */
    public static TangoRequest join(List<TangoRequest> requests) {
        TangoRequest first = requests.get(0);
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String name : first.inputs().keySet()) {
            List<Object> parts = new ArrayList<>(requests.size());
            for (TangoRequest request : requests) {
                parts.add(request.inputs().get(name));
            }
            inputs.put(name, parts.get(0) instanceof Tensor ? concatenate(parts) : concatenateLists(parts));
        }
        return new TangoRequest(inputs, first.parameters(), first.accept());
    }

    private static Tensor concatenate(List<Object> parts) {
        Tensor first = (Tensor) parts.get(0);
        long[] shape = first.shape();
        long rows = 0;
        for (Object part : parts) {
            rows += ((Tensor) part).shape()[0];
        }
        shape[0] = rows;
        if (first.type() == DataType.STRING) {
            List<String> strings = new ArrayList<>();
            parts.forEach(part -> strings.addAll(((Tensor) part).strings()));
            return Tensor.ofStrings(strings, shape);
        }
        int bytes = 0;
        for (Object part : parts) {
            bytes = Math.addExact(bytes, ((Tensor) part).data().remaining());
        }
        ByteBuffer joined = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        for (Object part : parts) {
            joined.put(((Tensor) part).data());
        }
        joined.flip();
        return Tensor.wrap(first.type(), joined, shape);
    }

    private static List<Object> concatenateLists(List<Object> parts) {
        int size = 0;
        for (Object part : parts) {
            size += ((List<?>) part).size();
        }
        List<Object> joined = new ArrayList<>(size);
        parts.forEach(part -> joined.addAll((List<?>) part));
        return joined;
    }

    /**
     * @param response the answer to a joined request
     * @param rows the size of each joined request on the first dimension, in order
     * @return one response per request, each with its rows of every output (tensors share the answer's data) and the
     *     answer's content type and metadata; empty when an output is neither a tensor nor a list whose first
     *     dimension is the sum of {@code rows}
     */
    public static Optional<List<TangoResponse>> split(TangoResponse response, int[] rows) {
        long total = Arrays.stream(rows).asLongStream().sum();
        for (Object output : response.outputs().values()) {
            boolean splits = output instanceof Tensor tensor ? tensor.shape().length > 0 && tensor.shape()[0] == total
                    : output instanceof List<?> list && list.size() == total;
            if (!splits) {
                return Optional.empty();
            }
        }
        List<Map<String, Object>> outputs = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            outputs.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Object> output : response.outputs().entrySet()) {
            List<Object> pieces = output.getValue() instanceof Tensor tensor ? slices(tensor, rows)
                    : sublists((List<?>) output.getValue(), rows);
            for (int i = 0; i < rows.length; i++) {
                outputs.get(i).put(output.getKey(), pieces.get(i));
            }
        }
        List<TangoResponse> parts = new ArrayList<>(rows.length);
        for (Map<String, Object> part : outputs) {
            parts.add(new TangoResponse(part, response.contentType(), response.metadata()));
        }
        return Optional.of(parts);
    }

    private static List<Object> slices(Tensor tensor, int[] rows) {
        long[] shape = tensor.shape();
        long total = shape[0];
        List<Object> slices = new ArrayList<>(rows.length);
        if (tensor.type() == DataType.STRING) {
            List<String> strings = tensor.strings();
            int perRow = total == 0 ? 0 : (int) (strings.size() / total);
            int from = 0;
            for (int count : rows) {
                shape[0] = count;
                slices.add(Tensor.ofStrings(strings.subList(from, from + count * perRow), shape));
                from += count * perRow;
            }
            return slices;
        }
        ByteBuffer data = tensor.data();
        int start = data.position();
        int perRow = total == 0 ? 0 : (int) (data.remaining() / total);
        int from = start;
        for (int count : rows) {
            shape[0] = count;
            ByteBuffer view = data.duplicate();
            view.limit(from + count * perRow).position(from);
            slices.add(Tensor.wrap(tensor.type(), view.slice(), shape));
            from += count * perRow;
        }
        return slices;
    }

    private static List<Object> sublists(List<?> list, int[] rows) {
        List<Object> parts = new ArrayList<>(rows.length);
        int from = 0;
        for (int count : rows) {
            parts.add(list.subList(from, from + count));
            from += count;
        }
        return parts;
    }
}
