package io.tango.toolkit.oip;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tensor data in OIP's two forms: JSON {@code data} arrays (flat or nested, row-major) and the binary form (raw
 * little-endian elements; BYTES elements each behind a 4-byte little-endian length). Every problem is an
 * {@link InvalidRequestException} whose message starts with the JSON path of the tensor. Stateless.
 */
final class OipTensors {
    private OipTensors() {}

    /**
     * @param node a {@code shape} array
     * @param path its JSON path, e.g. {@code inputs[0].shape}
     * @param minimum the smallest dimension allowed: 0 for a tensor, -1 (variable) for metadata
     * @return the dimensions
     */
    static long[] shape(JsonNode node, String path, long minimum) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new InvalidRequestException(path + " is missing");
        }
        if (!node.isArray()) {
            throw new InvalidRequestException(path + " is " + OipJson.describe(node) + "; it must be an array of integers");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = node.get(i);
            if (!dimension.isIntegralNumber() || !dimension.canConvertToLong() || dimension.longValue() < minimum) {
                throw new InvalidRequestException(path + "[" + i + "] is " + OipJson.describe(dimension)
                        + "; a dimension is an integer >= " + minimum);
            }
            shape[i] = dimension.longValue();
        }
        return shape;
    }

    /**
     * @param dimensions a tensor's dimensions as a gRPC message gives them
     * @param path their path, e.g. {@code inputs[0].shape}
     * @return the dimensions, each checked to be >= 0
     */
    static long[] shape(long[] dimensions, String path) {
        for (int i = 0; i < dimensions.length; i++) {
            if (dimensions[i] < 0) {
                throw new InvalidRequestException(path + "[" + i + "] is " + dimensions[i]
                        + "; a dimension is an integer >= 0");
            }
        }
        return dimensions;
    }

    /**
     * @return the number of elements of {@code shape}
     * @throws InvalidRequestException if it exceeds what one tensor holds ({@link Integer#MAX_VALUE} elements), or,
     *     for a shape with a 0 (no elements), if its other dimensions multiply past {@link Long#MAX_VALUE}: no tensor
     *     can be built with such a shape
     */
    static int elementCount(long[] shape, String path) {
        if (Arrays.stream(shape).anyMatch(dimension -> dimension == 0)) {
            long product = 1;
            for (long dimension : shape) {
                if (dimension != 0 && product > Long.MAX_VALUE / dimension) {
                    throw new InvalidRequestException(path + " " + Arrays.toString(shape) + " has dimensions other than"
                            + " 0 whose product exceeds " + Long.MAX_VALUE + "; no tensor has such a shape");
                }
                product *= dimension == 0 ? 1 : dimension;
            }
            return 0;
        }
        long count = 1;
        for (long dimension : shape) {
            if (count > Integer.MAX_VALUE / dimension) {
                throw new InvalidRequestException(path + " " + Arrays.toString(shape) + " has more than "
                        + Integer.MAX_VALUE + " elements, more than one tensor holds");
            }
            count *= dimension;
        }
        return (int) count;
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    /**
     * @param data a {@code data} array, flat or nested
     * @param datatype the tensor's datatype, one allowed in JSON
     * @param shape its shape
     * @param path the JSON path of the tensor, e.g. {@code inputs[0]}
     * @return the tensor
     */
    static Tensor fromJson(JsonNode data, OipDatatype datatype, long[] shape, String path) {
        if (!datatype.isJsonAllowed()) {
            throw new InvalidRequestException(path + " is " + datatype
                    + ", which travels only as binary data (parameters.binary_data_size), not as JSON data");
        }
        int count = elementCount(shape, path + ".shape");
        List<JsonNode> elements = new ArrayList<>();
        boolean nested = false;
        if (data.isArray()) {
            for (JsonNode element : data) {
                nested |= element.isArray();
            }
            flatten(data, elements);
        } else {
            elements.add(data); // a bare value for a tensor of one element, as some clients send a scalar
        }
        if (elements.size() != count) {
            throw new InvalidRequestException(path + ".shape " + Arrays.toString(shape) + " needs " + count
                    + " elements, data has " + elements.size());
        }
        return switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    JsonNode element = elements.get(i);
                    if (!element.isBoolean()) {
                        throw elementError(data, nested, i, element, path, datatype);
                    }
                    values[i] = element.booleanValue();
                }
                yield Tensor.ofBooleans(values, shape);
            }
            case FP32, FP64 -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = floating(data, nested, i, elements.get(i), path, datatype);
                }
                if (datatype == OipDatatype.FP64) {
                    yield Tensor.ofDoubles(values, shape);
                }
                float[] floats = new float[count];
                for (int i = 0; i < count; i++) {
                    floats[i] = (float) values[i];
                }
                yield Tensor.ofFloats(floats, shape);
            }
            case BYTES -> {
                List<String> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    JsonNode element = elements.get(i);
                    if (!element.isTextual()) {
                        throw elementError(data, nested, i, element, path, datatype);
                    }
                    values.add(element.textValue());
                }
                yield Tensor.ofStrings(values, shape);
            }
            default -> {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = integer(data, nested, i, elements.get(i), path, datatype);
                }
                yield Tensor.ofIntegers(datatype.dataType(), values, shape);
            }
        };
    }

    /** Collects the leaves of nested arrays in row-major order. */
    private static void flatten(JsonNode node, List<JsonNode> into) {
        for (JsonNode element : node) {
            if (element.isArray()) {
                flatten(element, into);
            } else {
                into.add(element);
            }
        }
    }

    private static double floating(JsonNode data, boolean nested, int index, JsonNode element, String path,
            OipDatatype datatype) {
        if (element.isNumber()) {
            return element.doubleValue();
        }
        if (element.isTextual()) {
            switch (element.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity", "inf":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw elementError(data, nested, index, element, path, datatype);
    }

    private static long integer(JsonNode data, boolean nested, int index, JsonNode element, String path,
            OipDatatype datatype) {
        if (!element.isIntegralNumber()) {
            throw elementError(data, nested, index, element, path, datatype);
        }
        BigInteger value = element.bigIntegerValue();
        if (value.compareTo(minimum(datatype)) < 0 || value.compareTo(maximum(datatype)) > 0) {
            throw elementError(data, nested, index, element, path, datatype);
        }
        return value.longValue(); // UINT64 above 2^63-1 keeps its 64-bit pattern, as Tensor.ofIntegers takes it
    }

    private static BigInteger minimum(OipDatatype datatype) {
        return datatype.dataType().isUnsigned() ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(datatype.elementSize() * 8 - 1).negate();
    }

    private static BigInteger maximum(OipDatatype datatype) {
        return datatype.dataType().isUnsigned() ? BigInteger.ONE.shiftLeft(datatype.elementSize() * 8).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(datatype.elementSize() * 8 - 1).subtract(BigInteger.ONE);
    }

    private static InvalidRequestException elementError(JsonNode data, boolean nested, int index, JsonNode element,
            String path, OipDatatype datatype) {
        String where = nested ? leafPath(data, index, path + ".data") : data.isArray() ? path + ".data[" + index + "]"
                : path + ".data";
        return new InvalidRequestException(where + " is " + OipJson.describe(element) + "; " + expectation(datatype));
    }

    /** @return what an element of {@code datatype} is, for messages: {@code a UINT8 element is an integer from 0 to 255} */
    static String expectation(OipDatatype datatype) {
        String article = datatype.name().startsWith("I") || datatype.name().startsWith("F") ? "an " : "a ";
        String subject = article + datatype + " element is ";
        return switch (datatype) {
            case BOOL -> subject + "true or false";
            case FP32, FP64, FP16, BF16 -> subject + "a number";
            case BYTES -> subject + "a string";
            default -> subject + "an integer from " + minimum(datatype) + " to " + maximum(datatype);
        };
    }

    /** @return the JSON path of the {@code index}-th leaf of nested arrays: {@code inputs[0].data[1][2]} */
    private static String leafPath(JsonNode data, int index, String base) {
        int[] remaining = {index};
        String path = leafPath(data, remaining, base);
        return path != null ? path : base;
    }

    private static String leafPath(JsonNode node, int[] remaining, String base) {
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String path = base + "[" + i + "]";
            if (element.isArray()) {
                String found = leafPath(element, remaining, path);
                if (found != null) {
                    return found;
                }
            } else if (remaining[0]-- == 0) {
                return path;
            }
        }
        return null;
    }

    /**
     * Writes the tensor's elements as a flat JSON array.
     *
     * @param role {@code input} or {@code output}, with {@code name} for the message of a tensor that has no JSON form
     */
    static void writeJson(JsonGenerator generator, Tensor tensor, String role, String name) throws IOException {
        OipDatatype datatype = OipDatatype.of(tensor.type());
        if (!datatype.isJsonAllowed()) {
            throw new InvalidRequestException(role + " '" + name + "' is " + datatype
                    + ", which travels only as binary data: write it with the binary tensor data extension");
        }
        generator.writeStartArray();
        if (tensor.type() == DataType.STRING) {
            for (String value : tensor.strings()) {
                generator.writeString(value);
            }
            generator.writeEndArray();
            return;
        }
        ByteBuffer data = tensor.data();
        for (long i = 0; i < tensor.size(); i++) {
            switch (tensor.type()) {
                case BOOLEAN -> generator.writeBoolean(data.get() != 0);
                case INT8 -> generator.writeNumber(data.get());
                case UINT8 -> generator.writeNumber(Byte.toUnsignedInt(data.get()));
                case INT16 -> generator.writeNumber(data.getShort());
                case UINT16 -> generator.writeNumber(Short.toUnsignedInt(data.getShort()));
                case INT32 -> generator.writeNumber(data.getInt());
                case UINT32 -> generator.writeNumber(Integer.toUnsignedLong(data.getInt()));
                case INT64 -> generator.writeNumber(data.getLong());
                case UINT64 -> {
                    long bits = data.getLong();
                    if (bits >= 0) {
                        generator.writeNumber(bits);
                    } else {
                        generator.writeNumber(new BigInteger(Long.toUnsignedString(bits)));
                    }
                }
                case FLOAT32 -> generator.writeNumber(data.getFloat());
                case FLOAT64 -> generator.writeNumber(data.getDouble());
                default -> throw new IllegalStateException("no JSON form for " + tensor.type());
            }
        }
        generator.writeEndArray();
    }

    // ---- binary ------------------------------------------------------------------------------------------------

    /**
     * Where a tensor's binary data came from, for messages: the binary extension's {@code binary_data_size}
     * parameter, or an entry of a gRPC message's raw contents.
     *
     * @param name {@code inputs[0].parameters.binary_data_size} or {@code raw_input_contents[0]}
     * @param isParameter whether {@code name} is the size parameter (else the raw bytes themselves)
     */
    record BinarySource(String name, boolean isParameter) {
        static BinarySource parameter(String tensorPath) {
            return new BinarySource(tensorPath + ".parameters." + OipParameters.BINARY_DATA_SIZE, true);
        }

        static BinarySource raw(String field, int index) {
            return new BinarySource(field + "[" + index + "]", false);
        }

        /** @return {@code inputs[0].parameters.binary_data_size is 8} or {@code raw_input_contents[0] has 8 bytes} */
        String sizeIs(int size) {
            return isParameter ? name + " is " + size : name + " has " + size + " bytes";
        }

        /** @return {@code binary_data_size 8} or {@code raw_input_contents[0] of 8 bytes} */
        String ofSize(int size) {
            return isParameter ? OipParameters.BINARY_DATA_SIZE + " " + size : name + " of " + size + " bytes";
        }

        /** @return {@code its binary_data_size of 8} or {@code raw_input_contents[0] of 8 bytes} */
        String within(int size) {
            return isParameter ? "its " + OipParameters.BINARY_DATA_SIZE + " of " + size : name + " of " + size + " bytes";
        }
    }

    /**
     * @param binary the tensor's binary data, exactly its {@code binary_data_size} bytes
     * @return the tensor
     */
    static Tensor fromBinary(ByteBuffer binary, OipDatatype datatype, long[] shape, String path) {
        return fromBinary(binary, datatype, shape, path, BinarySource.parameter(path));
    }

    /**
     * @param binary the tensor's binary data: little-endian elements, or length-prefixed BYTES elements
     * @param source where the bytes came from, for messages
     * @return the tensor
     */
    static Tensor fromBinary(ByteBuffer binary, OipDatatype datatype, long[] shape, String path, BinarySource source) {
        int count = elementCount(shape, path + ".shape");
        int size = binary.remaining();
        if (datatype == OipDatatype.BYTES) {
            return bytesFromBinary(binary, count, shape, path, source);
        }
        long needed = (long) count * datatype.elementSize();
        if (needed != size) {
            throw new InvalidRequestException(source.sizeIs(size) + " but " + (source.isParameter() ? "" : path + ".")
                    + "shape " + Arrays.toString(shape) + " of " + datatype + " needs " + needed + " bytes");
        }
        ByteBuffer data = swap(binary.slice().order(ByteOrder.LITTLE_ENDIAN), datatype.elementSize(), ByteOrder.nativeOrder());
        if (datatype == OipDatatype.BOOL) {
            for (int i = 0; i < count; i++) {
                byte value = data.get(i);
                if (value != 0 && value != 1) {
                    throw new InvalidRequestException(path + " binary element " + i + " is " + value
                            + "; a binary BOOL element is 0 or 1");
                }
            }
        }
        return Tensor.wrap(datatype.dataType(), data, shape);
    }

    private static Tensor bytesFromBinary(ByteBuffer binary, int count, long[] shape, String path, BinarySource source) {
        int size = binary.remaining();
        if ((long) count * 4 > size) {
            throw new InvalidRequestException(path + ".shape " + Arrays.toString(shape) + " needs " + count
                    + " BYTES elements, but " + source.ofSize(size) + " holds at most " + size / 4);
        }
        ByteBuffer data = binary.slice().order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (data.remaining() < 4) {
                throw new InvalidRequestException(path + " binary data ends inside the length of BYTES element " + i);
            }
            long length = Integer.toUnsignedLong(data.getInt());
            if (length > data.remaining()) {
                throw new InvalidRequestException(path + " binary BYTES element " + i + " claims " + length
                        + " bytes, but only " + data.remaining() + " remain in " + source.within(size));
            }
            ByteBuffer element = data.slice().limit((int) length);
            data.position(data.position() + (int) length);
            values.add(utf8(element, path + " BYTES element " + i));
        }
        if (data.hasRemaining()) {
            throw new InvalidRequestException(source.sizeIs(size) + " but its " + count
                    + " BYTES elements take " + data.position() + " bytes");
        }
        return Tensor.ofStrings(values, shape);
    }

    /**
     * @param bytes one BYTES element
     * @param what the element, for the message: {@code inputs[0] BYTES element 3}
     * @return its text
     * @throws InvalidRequestException if it is not valid UTF-8
     */
    static String utf8(ByteBuffer bytes, String what) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer text = utf8.decode(bytes);
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(what + " is not valid UTF-8; TANGO carries BYTES tensors as text (STRING)");
        }
    }

    /** Appends the tensor's binary form to {@code sink} and returns its size in bytes. */
    static int toBinary(Tensor tensor, ByteArrayOutputStream sink) {
        if (tensor.type() == DataType.STRING) {
            int size = 0;
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (String text : tensor.strings()) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                sink.write(length.putInt(0, bytes.length).array(), 0, 4);
                sink.write(bytes, 0, bytes.length);
                size = Math.addExact(size, Math.addExact(4, bytes.length));
            }
            return size;
        }
        OipDatatype datatype = OipDatatype.of(tensor.type());
        ByteBuffer little = swap(tensor.data(), datatype.elementSize(), ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[little.remaining()];
        little.get(bytes);
        sink.write(bytes, 0, bytes.length);
        return bytes.length;
    }

    /** @return a copy of {@code source}'s elements (from position to limit) in byte order {@code order} */
    private static ByteBuffer swap(ByteBuffer source, int elementSize, ByteOrder order) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining()).order(order);
        if (source.order() == order || elementSize == 1) {
            copy.put(source.duplicate());
        } else {
            ByteBuffer from = source.duplicate().order(source.order());
            while (from.hasRemaining()) {
                switch (elementSize) {
                    case 2 -> copy.putShort(from.getShort());
                    case 4 -> copy.putInt(from.getInt());
                    default -> copy.putLong(from.getLong());
                }
            }
        }
        return copy.flip();
    }
}
