package io.tango.api;

import java.math.BigInteger;
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
 * <p>Numeric and boolean data are held in a {@link ByteBuffer} in native byte order: on the heap up to 64 KiB (an
 * engine copies such a tensor into native memory it reuses), in a direct buffer above, so an engine can hand a large
 * tensor to a native runtime without copying; strings are held as a list. The factories copy their argument; {@link #wrap}
 * takes ownership of a buffer instead (the caller must not change it afterwards). Unsigned integers are held as their
 * bit patterns ({@link DataType#UINT64} 2^64-1 is the long -1 in the buffer), {@link DataType#FLOAT16} and
 * {@link DataType#BFLOAT16} as 2-byte patterns (see {@link HalfFloats}); the conversions below give their values.
 * Thread-safe.
 */
public final class Tensor {
    /** Tensors of more bytes than this are held in a direct buffer, smaller ones on the heap. */
    private static final int DIRECT_THRESHOLD = 64 * 1024;

    private final DataType type;
    private final long[] shape;
    /**
     * The elements are {@code data}'s bytes from {@code start} on ({@link #size()} times the type's size), read only
     * through {@link #data()}'s read-only views: the buffer is never handed out, so it needs no read-only view of its
     * own, and its position and limit (which the caller of {@link #wrap} may still move) do not matter. Null for a
     * STRING tensor.
     */
    private final ByteBuffer data;
    private final int start;
    private final List<String> strings;

    private Tensor(DataType type, long[] shape, ByteBuffer data, List<String> strings) {
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.start = data != null ? data.position() : 0;
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
        return new Tensor(DataType.FLOAT32, checkShape(shape), buffer, null);
    }

    /** @return a FLOAT64 tensor holding a copy of {@code values} */
    public static Tensor ofDoubles(double[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 8L);
        buffer.asDoubleBuffer().put(values);
        return new Tensor(DataType.FLOAT64, checkShape(shape), buffer, null);
    }

    /** @return an INT32 tensor holding a copy of {@code values} */
    public static Tensor ofInts(int[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 4L);
        buffer.asIntBuffer().put(values);
        return new Tensor(DataType.INT32, checkShape(shape), buffer, null);
    }

    /** @return an INT64 tensor holding a copy of {@code values} */
    public static Tensor ofLongs(long[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length * 8L);
        buffer.asLongBuffer().put(values);
        return new Tensor(DataType.INT64, checkShape(shape), buffer, null);
    }

    /**
     * A tensor of any integer type holding a copy of {@code values}.
     *
     * @param type a signed or unsigned integer type
     * @param values the elements, each within the type's range; for {@link DataType#UINT64} every long is accepted as
     *     the 64-bit pattern of an unsigned value (-1 is 2^64-1, see {@link Long#toUnsignedString(long)})
     * @param shape the dimensions
     * @return the tensor
     * @throws IllegalArgumentException if {@code type} is not an integer type, or naming the first element out of its
     *     range: {@code element 2 is 256, outside UINT8's range 0 to 255}
     */
    public static Tensor ofIntegers(DataType type, long[] values, long... shape) {
        requireNonNull(type, "type is null");
        requireNonNull(values, "values is null");
        if (!type.isInteger()) {
            throw new IllegalArgumentException(type + " is not an integer type");
        }
        int size = byteSize(type);
        int valueBits = type.isUnsigned() ? size * 8 : size * 8 - 1;
        long minimum = type.isUnsigned() ? 0 : -(1L << valueBits);
        long maximum = (1L << valueBits) - 1; // only used below 8 bytes, where it does not overflow
        ByteBuffer buffer = allocate((long) values.length * size);
        for (int i = 0; i < values.length; i++) {
            long value = values[i];
            if (size < 8 && (value < minimum || value > maximum)) {
                throw new IllegalArgumentException("element " + i + " is " + value + ", outside " + type + "'s range "
                        + minimum + " to " + maximum);
            }
            switch (size) {
                case 1 -> buffer.put((byte) value);
                case 2 -> buffer.putShort((short) value);
                case 4 -> buffer.putInt((int) value);
                default -> buffer.putLong(value);
            }
        }
        buffer.flip();
        return new Tensor(type, checkShape(shape), buffer, null);
    }

    /**
     * A FLOAT16, BFLOAT16 or FLOAT32 tensor holding {@code values}, rounded to the type's nearest value (ties to even)
     * by {@link HalfFloats}.
     *
     * @param type {@link DataType#FLOAT16}, {@link DataType#BFLOAT16} or {@link DataType#FLOAT32}
     * @param values the elements
     * @param shape the dimensions
     * @return the tensor
     * @throws IllegalArgumentException for any other type
     */
    public static Tensor ofFloats(DataType type, float[] values, long... shape) {
        requireNonNull(type, "type is null");
        requireNonNull(values, "values is null");
        if (type == DataType.FLOAT32) {
            return ofFloats(values, shape);
        }
        if (type != DataType.FLOAT16 && type != DataType.BFLOAT16) {
            throw new IllegalArgumentException(type + " is not FLOAT16, BFLOAT16 or FLOAT32");
        }
        ByteBuffer buffer = allocate(values.length * 2L);
        for (float value : values) {
            buffer.putShort(type == DataType.FLOAT16 ? HalfFloats.floatToFloat16(value) : HalfFloats.floatToBfloat16(value));
        }
        buffer.flip();
        return new Tensor(type, checkShape(shape), buffer, null);
    }

    /** @return a BOOLEAN tensor holding a copy of {@code values} (one byte per element) */
    public static Tensor ofBooleans(boolean[] values, long... shape) {
        requireNonNull(values, "values is null");
        ByteBuffer buffer = allocate(values.length);
        for (boolean value : values) {
            buffer.put((byte) (value ? 1 : 0));
        }
        buffer.flip();
        return new Tensor(DataType.BOOLEAN, checkShape(shape), buffer, null);
    }

    /** @return a STRING tensor holding a copy of {@code values} */
    public static Tensor ofStrings(List<String> values, long... shape) {
        requireNonNull(values, "values is null");
        return new Tensor(DataType.STRING, checkShape(shape), null, List.copyOf(values));
    }

    /**
     * A tensor over {@code data} without copying it. The caller hands the buffer over and must not change its
     * contents; moving its position or limit afterwards changes nothing (the tensor keeps the range it was given).
     *
     * @param type a numeric or boolean type
     * @param data the elements from position to limit, in native byte order: 1 byte per BOOLEAN, INT8 or UINT8
     *     element, 2 per INT16, UINT16, FLOAT16 or BFLOAT16, 4 per INT32, UINT32 or FLOAT32, 8 per INT64, UINT64 or
     *     FLOAT64
     * @param shape the dimensions (no dynamic {@code -1})
     * @return the tensor
     */
    public static Tensor wrap(DataType type, ByteBuffer data, long... shape) {
        requireNonNull(type, "type is null");
        requireNonNull(data, "data is null");
        if (type == DataType.STRING || byteSize(type) == 0) {
            throw new IllegalArgumentException("cannot wrap a buffer as a " + type + " tensor");
        }
        return new Tensor(type, checkShape(shape), data, null);
    }

    /** @return the element type */
    public DataType type() {
        return type;
    }

    /** @return a copy of the dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions; {@code shape().length} without copying the shape */
    public int rank() {
        return shape.length;
    }

    /**
     * @param index a dimension's index, from 0 to {@link #rank()} - 1
     * @return its length; {@code shape()[index]} without copying the shape
     * @throws IndexOutOfBoundsException if there is no such dimension
     */
    public long dimension(int index) {
        return shape[index];
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
        int end = start + (int) (elementCount(shape) * byteSize(type));
        return data.asReadOnlyBuffer().limit(end).position(start).order(ByteOrder.nativeOrder());
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

    /** @return the elements as floats, converted from any numeric or boolean type (FLOAT16 and BFLOAT16 exactly) */
    public float[] toFloatArray() {
        if (type == DataType.FLOAT16 || type == DataType.BFLOAT16) {
            ByteBuffer buffer = data();
            float[] result = new float[Math.toIntExact(size())];
            for (int i = 0; i < result.length; i++) {
                result[i] = halfValue(buffer.getShort());
            }
            return result;
        }
        double[] doubles = toDoubleArray();
        float[] result = new float[doubles.length];
        for (int i = 0; i < doubles.length; i++) {
            result[i] = (float) doubles[i];
        }
        return result;
    }

    /**
     * @return the elements as doubles, converted from any numeric or boolean type: exactly, except INT64 and UINT64
     *     values beyond 2^53, which round to the nearest double
     */
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
                case UINT8 -> Byte.toUnsignedInt(buffer.get());
                case UINT16 -> Short.toUnsignedInt(buffer.getShort());
                case UINT32 -> Integer.toUnsignedLong(buffer.getInt());
                case UINT64 -> unsignedToDouble(buffer.getLong());
                case FLOAT16, BFLOAT16 -> halfValue(buffer.getShort());
                default -> throw new IllegalStateException("a " + type + " tensor is not numeric");
            };
        }
        return result;
    }

    /**
     * @return the elements as longs, converted exactly from any integer or boolean type
     * @throws IllegalStateException for a floating-point, STRING or other non-numeric tensor, or naming the first UINT64
     *     element beyond {@link Long#MAX_VALUE}
     */
    public long[] toLongArray() {
        if (type.isFloatingPoint()) {
            throw new IllegalStateException("a " + type + " tensor does not convert to integers without loss");
        }
        if (type != DataType.INT64 && type != DataType.UINT64) {
            double[] doubles = toDoubleArray();
            long[] result = new long[doubles.length];
            for (int i = 0; i < result.length; i++) {
                result[i] = (long) doubles[i];
            }
            return result;
        }
        ByteBuffer buffer = data();
        long[] result = new long[Math.toIntExact(size())];
        for (int i = 0; i < result.length; i++) {
            result[i] = buffer.getLong();
            if (type == DataType.UINT64 && result[i] < 0) {
                throw new IllegalStateException("element " + i + " of a UINT64 tensor is "
                        + Long.toUnsignedString(result[i]) + ", beyond a signed 64-bit long");
            }
        }
        return result;
    }

    /**
     * The elements as nested lists following the shape (a scalar for rank 0), with boxed values: the form JSON
     * encoders and MLflow's {@code inputs} format use.
     *
     * @return nested lists of Float (FLOAT16, BFLOAT16, FLOAT32), Double (FLOAT64), Integer (INT8, INT16, INT32,
     *     UINT8, UINT16), Long (INT64, UINT32, and UINT64 up to {@link Long#MAX_VALUE}), {@link BigInteger} (UINT64
     *     beyond {@link Long#MAX_VALUE}), Boolean or String
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
                    case UINT8 -> Byte.toUnsignedInt(buffer.get());
                    case UINT16 -> Short.toUnsignedInt(buffer.getShort());
                    case UINT32 -> Integer.toUnsignedLong(buffer.getInt());
                    case UINT64 -> unsignedValue(buffer.getLong());
                    case FLOAT16, BFLOAT16 -> halfValue(buffer.getShort());
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

    private float halfValue(short bits) {
        return type == DataType.FLOAT16 ? HalfFloats.float16ToFloat(bits) : HalfFloats.bfloat16ToFloat(bits);
    }

    private static Object unsignedValue(long bits) {
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
    }

    private static double unsignedToDouble(long bits) {
        return bits >= 0 ? bits : new BigInteger(Long.toUnsignedString(bits)).doubleValue();
    }

    private static ByteBuffer allocate(long bytes) {
        int size = Math.toIntExact(bytes);
        // A direct buffer costs the garbage collector a cleaner to notify; at a serving rate of small tensors those
        // notifications were most of every young pause (issue 17). Small tensors live on the heap, and an engine copies
        // them into native memory it reuses; large ones stay direct, so a native runtime reads them where they are.
        ByteBuffer buffer = size <= DIRECT_THRESHOLD ? ByteBuffer.allocate(size) : ByteBuffer.allocateDirect(size);
        return buffer.order(ByteOrder.nativeOrder());
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
            case BOOLEAN, INT8, UINT8 -> 1;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            case INT32, UINT32, FLOAT32 -> 4;
            case INT64, UINT64, FLOAT64 -> 8;
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
