package io.tango.plugin.local.engine.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.tango.api.DataType;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Converts between TANGO {@link Tensor}s and ONNX Runtime values. */
final class OnnxValues {
    private OnnxValues() {}

    /**
     * @param info an ONNX tensor's type information
     * @return the TANGO data type of its elements; UNKNOWN for types TANGO has no name for (complex, float8)
     */
    static DataType dataType(TensorInfo info) {
        return switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOLEAN;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.STRING;
            default -> DataType.UNKNOWN;
        };
    }

    /**
     * @throws UnsupportedTangoOperationException for the ONNX element types ONNX Runtime's Java API cannot create a
     *     tensor of: uint16, uint32 and uint64 (it has no Java type for them)
     */
    static void checkFeedable(String modelName, String inputName, DataType type) {
        if (type == DataType.UINT16 || type == DataType.UINT32 || type == DataType.UINT64) {
            throw new UnsupportedTangoOperationException("input '" + inputName + "' of model '" + modelName + "' is "
                    + type + ", which ONNX Runtime's Java API cannot create; it takes UINT8, INT8 to INT64, FLOAT16,"
                    + " BFLOAT16, FLOAT32, FLOAT64, BOOLEAN and STRING tensors");
        }
    }

    /**
     * Creates an ONNX tensor over a TANGO tensor of the matching type; numeric data is handed over without copying
     * where ONNX Runtime allows it. The caller closes the result.
     */
    static OnnxTensor toOnnx(OrtEnvironment environment, Tensor tensor) throws OrtException {
        return toOnnx(environment, tensor, tensor.shape());
    }

    /**
     * {@link #toOnnx(OrtEnvironment, Tensor)} with the tensor's shape given: an array equal to it that no one changes
     * (ONNX Runtime keeps it in the created tensor's info and only reads it).
     */
    static OnnxTensor toOnnx(OrtEnvironment environment, Tensor tensor, long[] shape) throws OrtException {
        return toOnnx(environment, tensor, shape, UnaryOperator.identity());
    }

    /**
     * {@link #toOnnx(OrtEnvironment, Tensor, long[])} with the tensor's data first passed through {@code stage}, which
     * may copy a heap buffer into a direct one of the caller's that ONNX Runtime then reads without a copy of its own.
     * The result must be closed before {@code stage}'s buffer is reused.
     */
    static OnnxTensor toOnnx(OrtEnvironment environment, Tensor tensor, long[] shape, UnaryOperator<ByteBuffer> stage)
            throws OrtException {
        return switch (tensor.type()) {
            case FLOAT32 -> numeric(environment, stage.apply(tensor.data()), shape, OnnxJavaType.FLOAT);
            case FLOAT64 -> numeric(environment, stage.apply(tensor.data()), shape, OnnxJavaType.DOUBLE);
            case INT64 -> numeric(environment, stage.apply(tensor.data()), shape, OnnxJavaType.INT64);
            case INT32 -> numeric(environment, stage.apply(tensor.data()), shape, OnnxJavaType.INT32);
            case INT16 -> numeric(environment, stage.apply(tensor.data()), shape, OnnxJavaType.INT16);
            case INT8 -> OnnxTensor.createTensor(environment, stage.apply(tensor.data()), shape);
            case UINT8 -> OnnxTensor.createTensor(environment, stage.apply(tensor.data()), shape, OnnxJavaType.UINT8);
            case FLOAT16 -> OnnxTensor.createTensor(environment, stage.apply(tensor.data()), shape, OnnxJavaType.FLOAT16);
            case BFLOAT16 -> OnnxTensor.createTensor(environment, stage.apply(tensor.data()), shape, OnnxJavaType.BFLOAT16);
            case BOOLEAN -> OnnxTensor.createTensor(environment, stage.apply(tensor.data()), shape, OnnxJavaType.BOOL);
            case STRING -> OnnxTensor.createTensor(environment, tensor.strings().toArray(String[]::new), shape);
            default -> throw new IllegalArgumentException("ONNX Runtime cannot take a " + tensor.type() + " tensor");
        };
    }

    /**
     * A direct buffer goes to ONNX Runtime as it is, with its element type: no typed view per call. A heap buffer goes
     * as a typed view, which ONNX Runtime copies into a direct one (it only casts a buffer of that view's type).
     */
    private static OnnxTensor numeric(OrtEnvironment environment, ByteBuffer data, long[] shape, OnnxJavaType type)
            throws OrtException {
        if (data.isDirect()) {
            return OnnxTensor.createTensor(environment, data, shape, type);
        }
        return switch (type) {
            case FLOAT -> OnnxTensor.createTensor(environment, data.asFloatBuffer(), shape);
            case DOUBLE -> OnnxTensor.createTensor(environment, data.asDoubleBuffer(), shape);
            case INT64 -> OnnxTensor.createTensor(environment, data.asLongBuffer(), shape);
            case INT32 -> OnnxTensor.createTensor(environment, data.asIntBuffer(), shape);
            case INT16 -> OnnxTensor.createTensor(environment, data.asShortBuffer(), shape);
            default -> throw new IllegalArgumentException("not a typed numeric buffer: " + type);
        };
    }

    /**
     * Copies an ONNX Runtime output into plain Java: a tensor becomes a {@link Tensor}; a sequence a list; a map a map
     * with string keys.
     */
    static Object fromOnnx(OnnxValue value) throws OrtException {
        if (value instanceof OnnxTensor tensor) {
            return fromOnnxTensor(tensor);
        }
        if (value instanceof OnnxSequence sequence) {
            List<Object> elements = new ArrayList<>();
            for (OnnxValue element : sequence.getValue()) {
                elements.add(fromOnnx(element));
            }
            return Collections.unmodifiableList(elements);
        }
        if (value instanceof OnnxMap map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.getValue().forEach((key, element) -> entries.put(String.valueOf(key), element));
            return Collections.unmodifiableMap(entries);
        }
        throw new IllegalArgumentException("unsupported ONNX output of type " + value.getType());
    }

    private static Tensor fromOnnxTensor(OnnxTensor tensor) throws OrtException {
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        DataType type = dataType(info);
        if (type == DataType.UINT16 || type == DataType.UINT32 || type == DataType.UINT64) {
            // ONNX Runtime's Java type for these is the signed one of the same width: the bits are right, the sign is not.
            return Tensor.wrap(type, tensor.getByteBuffer(), shape);
        }
        return switch (info.type) {
            // ONNX Runtime hands out a heap copy in native order: TANGO's tensor takes it over, with no second copy and
            // no direct buffer to allocate (and for the garbage collector to clean) per output.
            case FLOAT -> Tensor.wrap(DataType.FLOAT32, tensor.getByteBuffer(), shape);
            case DOUBLE -> Tensor.wrap(DataType.FLOAT64, tensor.getByteBuffer(), shape);
            case INT64 -> Tensor.wrap(DataType.INT64, tensor.getByteBuffer(), shape);
            case INT32 -> Tensor.wrap(DataType.INT32, tensor.getByteBuffer(), shape);
            case UINT8 -> Tensor.wrap(DataType.UINT8, tensor.getByteBuffer(), shape);
            case FLOAT16 -> Tensor.wrap(DataType.FLOAT16, tensor.getByteBuffer(), shape);
            case BFLOAT16 -> Tensor.wrap(DataType.BFLOAT16, tensor.getByteBuffer(), shape);
            case INT16 -> {
                var buffer = tensor.getShortBuffer();
                int[] values = new int[buffer.remaining()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = buffer.get();
                }
                yield Tensor.ofInts(values, shape);
            }
            case INT8, BOOL -> {
                ByteBuffer buffer = tensor.getByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                if (info.type == OnnxJavaType.BOOL) {
                    boolean[] values = new boolean[bytes.length];
                    for (int i = 0; i < bytes.length; i++) {
                        values[i] = bytes[i] != 0;
                    }
                    yield Tensor.ofBooleans(values, shape);
                }
                int[] values = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    values[i] = bytes[i];
                }
                yield Tensor.ofInts(values, shape);
            }
            case STRING -> {
                List<String> strings = new ArrayList<>();
                flattenStrings(tensor.getValue(), strings);
                yield Tensor.ofStrings(strings, shape);
            }
            default -> throw new UnsupportedTangoOperationException("ONNX Runtime's Java API cannot read an output of"
                    + " ONNX type " + info.onnxType);
        };
    }

    private static void flattenStrings(Object value, List<String> into) {
        if (value instanceof Object[] array) {
            for (Object element : array) {
                flattenStrings(element, into);
            }
        } else {
            into.add(String.valueOf(value));
        }
    }

    /** @return a direct buffer in native order holding {@code values} */
    static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
}
