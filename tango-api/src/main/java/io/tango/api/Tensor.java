package io.tango.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An immutable n-dimensional array of one {@link DataType}: a model's tensor input or output.
 *
 * <p>Numeric and boolean data are held in a {@link ByteBuffer} in native byte order, so an engine can hand it to a
 * native runtime without copying; strings are held as a list. The factories copy their argument; {@link #wrap}
 * takes ownership of a buffer instead (the caller must not change it afterwards). Thread-safe.
 */
public final class Tensor {
    private final DataType type;
    private final long[] shape;
    private final ByteBuffer data;
    private final List<String> strings;

    private Tensor(DataType type, long[] shape, ByteBuffer data, List<String> strings) {
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.strings = strings;
        long expected = elementCount(shape);
        long actual = strings != null ? strings.size() : data.remaining() / byteSize(type);
        if (expected != actual) {
            throw new IllegalArgumentException(
                    "tensor of shape " + Arrays.toString(shape) + " needs " + expected + " elements, got " + actual);
        }
    }

    /** @return a FLOAT32 tensor holding a copy of {@code values} */
    public static Tensor ofFloats(float[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 4L);
        buffer.asFloatBuffer().put(values);
        return new Tensor(DataType.FLOAT32, checkShape(shape), buffer.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return a FLOAT64 tensor holding a copy of {@code values} */
    public static Tensor ofDoubles(double[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 8L);
        buffer.asDoubleBuffer().put(values);
        return new Tensor(DataType.FLOAT64, checkShape(shape), buffer.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return an INT32 tensor holding a copy of {@code values} */
    public static Tensor ofInts(int[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 4L);
        buffer.asIntBuffer().put(values);
        return new Tensor(DataType.INT32, checkShape(shape), buffer.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return an INT64 tensor holding a copy of {@code values} */
    public static Tensor ofLongs(long[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 8L);
        buffer.asLongBuffer().put(values);
        return new Tensor(DataType.INT64, checkShape(shape), buffer.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return a BOOLEAN tensor holding a copy of {@code values} (one byte per element) */
    public static Tensor ofBooleans(boolean[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length);
        for (boolean value : values) {
            buffer.put((byte) (value ? 1 : 0));
        }
        buffer.flip();
        return new Tensor(DataType.BOOLEAN, checkShape(shape), buffer.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return a STRING tensor holding a copy of {@code values} */
    public static Tensor ofStrings(List<String> values, long... shape) {
        requireNonNull(values, "values is null");
        return new Tensor(DataType.STRING, checkShape(shape), null, List.copyOf(values));
    }

    /**
     * A tensor over {@code data} without copying it. The caller hands the buffer over and must not change it.
     *
     * @param type a numeric or boolean type
     * @param data the elements from position to limit, in native byte order
     * @param shape the dimensions (no dynamic {@code -1})
     * @return the tensor
     */
    public static Tensor wrap(DataType type, ByteBuffer data, long... shape) {
        requireNonNull(type, "type is null");
        requireNonNull(data, "data is null");
        if (type == DataType.STRING || byteSize(type) == 0) {
            throw new IllegalArgumentException("cannot wrap a buffer as a " + type + " tensor");
        }
        return new Tensor(type, checkShape(shape), data.asReadOnlyBuffer().order(ByteOrder.nativeOrder()), null);
    }

    /** @return the element type */
    public DataType type() {
        return type;
    }

    /** @return a copy of the dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long size() {
        return elementCount(shape);
    }

    /**
     * @return a read-only view of the elements in native byte order, positioned at the first element
     * @throws IllegalStateException for a STRING tensor
     */
    public ByteBuffer data() {
        if (data == null) {
            throw new IllegalStateException("a STRING tensor has no byte data; use strings()");
        }
        return data.duplicate().order(ByteOrder.nativeOrder());
    }

    /**
     * @return the elements of a STRING tensor
     * @throws IllegalStateException for any other type
     */
    public List<String> strings() {
        if (strings == null) {
            throw new IllegalStateException("a " + type + " tensor has no strings; use data()");
        }
        return strings;
    }

    /** @return the elements as floats, converted from any numeric type */
    public float[] toFloatArray() {
        double[] doubles = toDoubleArray();
        float[] result = new float[doubles.length];
        for (int i = 0; i < doubles.length; i++) {
            result[i] = (float) doubles[i];
        }
        return result;
    }

    /** @return the elements as doubles, converted from any numeric or boolean type */
    public double[] toDoubleArray() {
        ByteBuffer buffer = data();
        int count = Math.toIntExact(size());
        double[] result = new double[count];
        for (int i = 0; i < count; i++) {
            result[i] = switch (type) {
                case FLOAT32 -> buffer.getFloat();
                case FLOAT64 -> buffer.getDouble();
                case INT8, BOOLEAN -> buffer.get();
                case INT16 -> buffer.getShort();
                case INT32 -> buffer.getInt();
                case INT64 -> buffer.getLong();
                default -> throw new IllegalStateException("a " + type + " tensor is not numeric");
            };
        }
        return result;
    }

    /** @return the elements as longs, converted from any integer or boolean type */
    public long[] toLongArray() {
        if (type == DataType.FLOAT32 || type == DataType.FLOAT64) {
            throw new IllegalStateException("a " + type + " tensor does not convert to integers without loss");
        }
        double[] doubles = toDoubleArray();
        long[] result = new long[doubles.length];
        ByteBuffer buffer = data();
        for (int i = 0; i < result.length; i++) {
            result[i] = type == DataType.INT64 ? buffer.getLong() : (long) doubles[i];
        }
        return result;
    }

    /**
     * The elements as nested lists following the shape (a scalar for rank 0), with boxed values: the form JSON
     * encoders and MLflow's {@code inputs} format use.
     *
     * @return nested lists of Float, Double, Integer, Long, Boolean or String
     */
    public Object toNestedList() {
        List<Object> flat = new ArrayList<>(Math.toIntExact(size()));
        if (strings != null) {
            flat.addAll(strings);
        } else {
            ByteBuffer buffer = data();
            for (long i = 0; i < size(); i++) {
                flat.add(switch (type) {
                    case FLOAT32 -> buffer.getFloat();
                    case FLOAT64 -> buffer.getDouble();
                    case INT8 -> (int) buffer.get();
                    case INT16 -> (int) buffer.getShort();
                    case INT32 -> buffer.getInt();
                    case INT64 -> buffer.getLong();
                    case BOOLEAN -> buffer.get() != 0;
                    default -> throw new IllegalStateException("unsupported tensor type " + type);
                });
            }
        }
        if (shape.length == 0) {
            return flat.get(0);
        }
        return nest(flat, 0, 0);
    }

    private List<Object> nest(List<Object> flat, int dimension, int offset) {
        int length = Math.toIntExact(shape[dimension]);
        List<Object> result = new ArrayList<>(length);
        if (dimension == shape.length - 1) {
            result.addAll(flat.subList(offset, offset + length));
        } else {
            int stride = Math.toIntExact(elementCount(Arrays.copyOfRange(shape, dimension + 1, shape.length)));
            for (int i = 0; i < length; i++) {
                result.add(nest(flat, dimension + 1, offset + i * stride));
            }
        }
        return Collections.unmodifiableList(result);
    }

    private static ByteBuffer allocate(long bytes) {
        return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }

    private static long[] checkShape(long[] shape) {
        requireNonNull(shape, "shape is null");
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    private static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    private static int byteSize(DataType type) {
        return switch (type) {
            case BOOLEAN, INT8 -> 1;
            case INT16 -> 2;
            case INT32, FLOAT32 -> 4;
            case INT64, FLOAT64 -> 8;
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && type == that.type
                && Arrays.equals(shape, that.shape)
                && (strings != null ? strings.equals(that.strings) : that.data != null && data().equals(that.data()));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + (strings != null ? strings.hashCode() : data().hashCode());
    }

    @Override
    public String toString() {
        return "Tensor[" + type + " " + Arrays.toString(shape) + "]";
    }
}
