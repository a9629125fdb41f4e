package io.tango.toolkit.oip;

import com.google.protobuf.ByteString;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.Tensor;
import io.tango.toolkit.oip.OipTensors.BinarySource;
import io.tango.toolkit.oip.grpc.InferParameter;
import io.tango.toolkit.oip.grpc.InferTensorContents;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ServerMetadataResponse;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The Open Inference Protocol's gRPC messages ({@code io.tango.toolkit.oip.grpc}, generated from the specification's
 * {@code open_inference_grpc.proto}) to and from the toolkit's records: inference requests and responses, model and
 * server metadata, parameters.
 *
 * <p>Tensor data travels in one of two {@link Encoding encodings} per message: typed {@code contents} (BOOL in
 * {@code bool_contents}; INT8, INT16 and INT32 in {@code int_contents}; INT64 in {@code int64_contents}; UINT8, UINT16
 * and UINT32 in {@code uint_contents}; UINT64 in {@code uint64_contents}; FP32 in {@code fp32_contents}; FP64 in
 * {@code fp64_contents}; BYTES in {@code bytes_contents}) or the message-level {@code raw_input_contents} /
 * {@code raw_output_contents}, one entry per tensor in order, each the tensor's elements flat, row-major and
 * little-endian (a BOOL element one byte, 0 or 1; each BYTES element behind its 4-byte little-endian length). FP16 and
 * BF16 have no typed form, so a message with such a tensor is written raw whatever encoding was asked.
 *
 * <p>Reading is strict, because the messages come from the network: each shape is checked (dimensions >= 0, at most
 * {@link Integer#MAX_VALUE} elements, no overflow) before anything is allocated, the element count or byte size of each
 * tensor's data must be exactly what its shape and datatype need, typed contents must be in the one field of their
 * datatype and within its range, raw and typed contents must not be mixed in one message, there must be exactly one
 * raw entry per tensor, a datatype must be one of {@link OipDatatype}, a name must be given and unique, and BYTES
 * elements must be UTF-8 (TANGO holds them as text). Every violation is an {@link InvalidRequestException} whose
 * message starts with the path of the offending field, e.g. {@code inputs[0].contents.int_contents has 5 elements but
 * shape [2, 3] needs 6}; a server answers it with {@code INVALID_ARGUMENT} (see {@link OipGrpcStatus}).
 *
 * <p>This class needs protobuf-java and the generated messages at run time; a plugin that does not speak gRPC never
 * loads it. Stateless and thread-safe.
 */
public final class OipProto {
    private static final String RAW_INPUTS = "raw_input_contents";
    private static final String RAW_OUTPUTS = "raw_output_contents";

    private OipProto() {}

    /** How a written message carries its tensors' data. */
    public enum Encoding {
        /** Each tensor in its typed {@code contents}, except when a tensor is FP16 or BF16: then all go raw. */
        TYPED,
        /** Every tensor in the message's raw contents, as Triton's and KServe's clients send them. */
        RAW
    }

    // ---- inference request ---------------------------------------------------------------------------------------

    /**
     * @param modelName the model to call
     * @param modelVersion its version; empty lets the server choose
     * @param request the request
     * @param encoding how to carry the inputs' data
     * @return the message
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a parameter is a number that neither int64 nor uint64 nor double holds
     */
    public static ModelInferRequest writeRequest(String modelName, Optional<String> modelVersion,
            OipInferenceRequest request, Encoding encoding) {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(request, "request is null");
        requireNonNull(encoding, "encoding is null");
        boolean raw = isRaw(request.inputs(), encoding);
        ModelInferRequest.Builder message = ModelInferRequest.newBuilder()
                .setModelName(modelName)
                .setModelVersion(modelVersion.orElse(""))
                .setId(request.id().orElse(""))
                .putAllParameters(writeParameters(request.parameters()));
        for (OipTensor input : request.inputs()) {
            ModelInferRequest.InferInputTensor.Builder tensor = message.addInputsBuilder()
                    .setName(input.name())
                    .setDatatype(input.datatype().wireName())
                    .addAllShape(shapeList(input.tensor()))
                    .putAllParameters(writeParameters(input.parameters()));
            writeData(input.tensor(), raw, message::addRawInputContents, tensor::setContents);
        }
        for (OipRequestedOutput output : request.outputs()) {
            message.addOutputsBuilder().setName(output.name()).putAllParameters(writeParameters(output.parameters()));
        }
        return message.build();
    }

    /**
     * Reads a request as a server receives it. Its {@code model_name} and {@code model_version} are the caller's to
     * read from the message.
     *
     * @param message the message
     * @return the request, its tensors decoded; the id empty when the message's is empty
     * @throws InvalidRequestException naming the field of the first problem (see the class comment)
     * @throws NullPointerException if {@code message} is null
     */
    public static OipInferenceRequest readRequest(ModelInferRequest message) {
        requireNonNull(message, "message is null");
        Map<String, Object> parameters = readParameters(message.getParametersMap(), "parameters");
        int count = message.getInputsCount();
        List<ByteString> raw = message.getRawInputContentsList();
        checkRawCount(raw.size(), count, RAW_INPUTS, "inputs");
        List<OipTensor> inputs = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ModelInferRequest.InferInputTensor input = message.getInputs(i);
            inputs.add(readTensor(new TensorFields(input.getName(), input.getDatatype(), input.getShapeList(),
                    input.getParametersMap(), input.hasContents() ? input.getContents() : null), "inputs", i, names,
                    raw, RAW_INPUTS));
        }
        List<OipRequestedOutput> outputs = new ArrayList<>(message.getOutputsCount());
        Set<String> outputNames = new HashSet<>();
        for (int i = 0; i < message.getOutputsCount(); i++) {
            ModelInferRequest.InferRequestedOutputTensor output = message.getOutputs(i);
            String path = "outputs[" + i + "]";
            outputs.add(new OipRequestedOutput(name(output.getName(), path, outputNames),
                    readParameters(output.getParametersMap(), path + ".parameters")));
        }
        return new OipInferenceRequest(optional(message.getId()), parameters, inputs, outputs);
    }

    // ---- inference response --------------------------------------------------------------------------------------

    /**
     * @param response the response
     * @param encoding how to carry the outputs' data
     * @return the message
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a parameter is a number that neither int64 nor uint64 nor double holds
     */
    public static ModelInferResponse writeResponse(OipInferenceResponse response, Encoding encoding) {
        requireNonNull(response, "response is null");
        requireNonNull(encoding, "encoding is null");
        boolean raw = isRaw(response.outputs(), encoding);
        ModelInferResponse.Builder message = ModelInferResponse.newBuilder()
                .setModelName(response.modelName())
                .setModelVersion(response.modelVersion().orElse(""))
                .setId(response.id().orElse(""))
                .putAllParameters(writeParameters(response.parameters()));
        for (OipTensor output : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = message.addOutputsBuilder()
                    .setName(output.name())
                    .setDatatype(output.datatype().wireName())
                    .addAllShape(shapeList(output.tensor()))
                    .putAllParameters(writeParameters(output.parameters()));
            writeData(output.tensor(), raw, message::addRawOutputContents, tensor::setContents);
        }
        return message.build();
    }

    /**
     * Reads a response as a client receives it.
     *
     * @param message the message
     * @return the response, its tensors decoded; version and id empty when the message's are empty
     * @throws InvalidRequestException naming the field of the first problem (see the class comment)
     * @throws NullPointerException if {@code message} is null
     */
    public static OipInferenceResponse readResponse(ModelInferResponse message) {
        requireNonNull(message, "message is null");
        Map<String, Object> parameters = readParameters(message.getParametersMap(), "parameters");
        int count = message.getOutputsCount();
        List<ByteString> raw = message.getRawOutputContentsList();
        checkRawCount(raw.size(), count, RAW_OUTPUTS, "outputs");
        List<OipTensor> outputs = new ArrayList<>(count);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            ModelInferResponse.InferOutputTensor output = message.getOutputs(i);
            outputs.add(readTensor(new TensorFields(output.getName(), output.getDatatype(), output.getShapeList(),
                    output.getParametersMap(), output.hasContents() ? output.getContents() : null), "outputs", i, names,
                    raw, RAW_OUTPUTS));
        }
        return new OipInferenceResponse(message.getModelName(), optional(message.getModelVersion()),
                optional(message.getId()), parameters, outputs);
    }

    // ---- metadata -------------------------------------------------------------------------------------------------

    /**
     * @param metadata model metadata
     * @return the message: each field's datatype per {@link OipDatatype#of}, its shape as declared ({@code -1}
     *     variable)
     * @throws NullPointerException if {@code metadata} is null
     */
    public static ModelMetadataResponse writeModelMetadata(OipModelMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        ModelMetadataResponse.Builder message = ModelMetadataResponse.newBuilder()
                .setName(metadata.name())
                .addAllVersions(metadata.versions())
                .setPlatform(metadata.platform());
        metadata.signature().inputs().forEach(field -> message.addInputs(tensorMetadata(field)));
        metadata.signature().outputs().forEach(field -> message.addOutputs(tensorMetadata(field)));
        return message.build();
    }

    /**
     * @param message a model metadata message
     * @return the metadata
     * @throws InvalidRequestException naming the field of the first problem: an empty name, an unknown datatype, a
     *     dimension below -1
     * @throws NullPointerException if {@code message} is null
     */
    public static OipModelMetadata readModelMetadata(ModelMetadataResponse message) {
        requireNonNull(message, "message is null");
        if (message.getName().isEmpty()) {
            throw new InvalidRequestException("name is empty; model metadata names its model");
        }
        return new OipModelMetadata(message.getName(), message.getVersionsList(), message.getPlatform(),
                new ModelSignature(fields(message.getInputsList(), "inputs"), fields(message.getOutputsList(), "outputs")));
    }

    /**
     * @param metadata server metadata
     * @return the message
     * @throws NullPointerException if {@code metadata} is null
     */
    public static ServerMetadataResponse writeServerMetadata(OipServerMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        return ServerMetadataResponse.newBuilder().setName(metadata.name()).setVersion(metadata.version())
                .addAllExtensions(metadata.extensions()).build();
    }

    /**
     * @param message a server metadata message
     * @return the metadata; fields the server left empty are empty
     * @throws NullPointerException if {@code message} is null
     */
    public static OipServerMetadata readServerMetadata(ServerMetadataResponse message) {
        requireNonNull(message, "message is null");
        return new OipServerMetadata(message.getName(), message.getVersion(), message.getExtensionsList());
    }

    // ---- parameters -----------------------------------------------------------------------------------------------

    /**
     * @param parameters names to String, Number or Boolean values
     * @return the messages, in the same order: String as {@code string_param}, Boolean as {@code bool_param}, an
     *     integer as {@code int64_param} (as {@code uint64_param} when only that holds it), any other number as
     *     {@code double_param}
     * @throws NullPointerException if {@code parameters} is null
     * @throws IllegalArgumentException for another value, or an integer below -2^63 or above 2^64-1
     */
    public static Map<String, InferParameter> writeParameters(Map<String, ?> parameters) {
        requireNonNull(parameters, "parameters is null");
        Map<String, InferParameter> messages = new LinkedHashMap<>();
        parameters.forEach((name, value) -> messages.put(name, parameter(name, value)));
        return messages;
    }

    private static InferParameter parameter(String name, Object value) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        if (value instanceof String text) {
            return parameter.setStringParam(text).build();
        }
        if (value instanceof Boolean flag) {
            return parameter.setBoolParam(flag).build();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return parameter.setInt64Param(((Number) value).longValue()).build();
        }
        if (value instanceof BigInteger integer) {
            if (integer.bitLength() <= 63) {
                return parameter.setInt64Param(integer.longValue()).build();
            }
            if (integer.signum() > 0 && integer.bitLength() <= 64) {
                return parameter.setUint64Param(integer.longValue()).build();
            }
            throw new IllegalArgumentException("parameter '" + name + "' is " + integer
                    + "; an integer parameter is between -2^63 and 2^64-1");
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return parameter.setDoubleParam(((Number) value).doubleValue()).build();
        }
        throw new IllegalArgumentException("parameter '" + name + "' is "
                + (value == null ? "null" : "a " + value.getClass().getSimpleName())
                + "; a parameter is a string, a number or a boolean");
    }

    /**
     * @param parameters parameter messages by name
     * @param path where they are, for messages: {@code parameters}, {@code inputs[0].parameters}
     * @return names to values in the map's order: String, Boolean, Long (uint64 values above 2^63-1 as BigInteger),
     *     Double
     * @throws InvalidRequestException naming a parameter that holds no value
     * @throws NullPointerException if an argument is null
     */
    public static Map<String, Object> readParameters(Map<String, InferParameter> parameters, String path) {
        requireNonNull(parameters, "parameters is null");
        requireNonNull(path, "path is null");
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, parameter) -> values.put(name, switch (parameter.getParameterChoiceCase()) {
            case BOOL_PARAM -> parameter.getBoolParam();
            case INT64_PARAM -> parameter.getInt64Param();
            case STRING_PARAM -> parameter.getStringParam();
            case DOUBLE_PARAM -> parameter.getDoubleParam();
            case UINT64_PARAM -> parameter.getUint64Param() >= 0 ? (Object) parameter.getUint64Param()
                    : new BigInteger(Long.toUnsignedString(parameter.getUint64Param()));
            case PARAMETERCHOICE_NOT_SET -> throw new InvalidRequestException(path + "." + OipJson.abbreviate(name)
                    + " has no value; a parameter is a bool, int64, uint64, double or string");
        }));
        return values;
    }

    // ---- tensors --------------------------------------------------------------------------------------------------

    private static boolean isRaw(List<OipTensor> tensors, Encoding encoding) {
        return encoding == Encoding.RAW || tensors.stream().anyMatch(tensor -> !tensor.datatype().isJsonAllowed());
    }

    private static List<Long> shapeList(Tensor tensor) {
        return Arrays.stream(tensor.shape()).boxed().toList();
    }

    private static long[] toArray(List<Long> shape) {
        long[] dimensions = new long[shape.size()];
        for (int i = 0; i < dimensions.length; i++) {
            dimensions[i] = shape.get(i);
        }
        return dimensions;
    }

    private static Optional<String> optional(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String name(String name, String path, Set<String> seen) {
        if (name.isEmpty()) {
            throw new InvalidRequestException(path + ".name is empty");
        }
        if (!seen.add(name)) {
            throw new InvalidRequestException(path + ".name '" + OipJson.abbreviate(name) + "' is given twice");
        }
        return name;
    }

    private static OipDatatype datatype(String wireName, String path) {
        if (wireName.isEmpty()) {
            throw new InvalidRequestException(path + ".datatype is empty; the datatypes are " + OipDatatype.wireNames());
        }
        return OipDatatype.fromWireName(wireName).orElseThrow(() -> new InvalidRequestException(path + ".datatype '"
                + OipJson.abbreviate(wireName) + "' is not an OIP datatype; the datatypes are " + OipDatatype.wireNames()));
    }

    private static void checkRawCount(int rawCount, int tensorCount, String rawField, String tensors) {
        if (rawCount != 0 && rawCount != tensorCount) {
            throw new InvalidRequestException(rawField + " has " + rawCount + " entries but the message has "
                    + tensorCount + " " + tensors + "; raw contents give one entry per tensor, in order");
        }
    }

    /** The fields an input tensor and an output tensor message share; {@code contents} null when absent. */
    private record TensorFields(String name, String datatype, List<Long> shape, Map<String, InferParameter> parameters,
            InferTensorContents contents) {}

    private static OipTensor readTensor(TensorFields fields, String role, int index, Set<String> names,
            List<ByteString> raw, String rawField) {
        String path = role + "[" + index + "]";
        String name = name(fields.name(), path, names);
        OipDatatype datatype = datatype(fields.datatype(), path);
        long[] shape = OipTensors.shape(toArray(fields.shape()), path + ".shape");
        Map<String, Object> parameters = readParameters(fields.parameters(), path + ".parameters");
        return new OipTensor(name, readData(datatype, shape, path, fields.contents(), raw, index, rawField), parameters);
    }

    private static Tensor readData(OipDatatype datatype, long[] shape, String path, InferTensorContents contents,
            List<ByteString> raw, int index, String rawField) {
        boolean typed = contents != null && contents.getSerializedSize() > 0;
        if (!raw.isEmpty()) {
            if (typed) {
                throw new InvalidRequestException(path + ".contents is given, but the message has " + rawField
                        + "; a message carries its tensors either raw or typed, never both");
            }
            return OipTensors.fromBinary(raw.get(index).asReadOnlyByteBuffer(), datatype, shape, path,
                    BinarySource.raw(rawField, index));
        }
        if (!datatype.isJsonAllowed()) {
            throw new InvalidRequestException(path + " is " + datatype + ", which has no typed contents; it travels"
                    + " only in " + rawField);
        }
        return fromContents(contents == null ? InferTensorContents.getDefaultInstance() : contents, datatype, shape,
                path + ".contents");
    }

    /** The typed field that holds each datatype's elements. */
    private static String field(OipDatatype datatype) {
        return switch (datatype) {
            case BOOL -> "bool_contents";
            case INT8, INT16, INT32 -> "int_contents";
            case INT64 -> "int64_contents";
            case UINT8, UINT16, UINT32 -> "uint_contents";
            case UINT64 -> "uint64_contents";
            case FP32 -> "fp32_contents";
            case FP64 -> "fp64_contents";
            case BYTES -> "bytes_contents";
            case FP16, BF16 -> throw new IllegalStateException(datatype + " has no typed contents");
        };
    }

    private static Tensor fromContents(InferTensorContents contents, OipDatatype datatype, long[] shape, String path) {
        String expected = field(datatype);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("bool_contents", contents.getBoolContentsCount());
        counts.put("int_contents", contents.getIntContentsCount());
        counts.put("int64_contents", contents.getInt64ContentsCount());
        counts.put("uint_contents", contents.getUintContentsCount());
        counts.put("uint64_contents", contents.getUint64ContentsCount());
        counts.put("fp32_contents", contents.getFp32ContentsCount());
        counts.put("fp64_contents", contents.getFp64ContentsCount());
        counts.put("bytes_contents", contents.getBytesContentsCount());
        counts.forEach((field, count) -> {
            if (count > 0 && !field.equals(expected)) {
                throw new InvalidRequestException(path + "." + field + " has " + count + " elements, but "
                        + article(datatype) + " tensor's elements go in " + expected);
            }
        });
        int count = OipTensors.elementCount(shape, path.substring(0, path.length() - ".contents".length()) + ".shape");
        int given = counts.get(expected);
        if (given != count) {
            throw new InvalidRequestException(path + "." + expected + " has " + given + " elements but shape "
                    + Arrays.toString(shape) + " needs " + count);
        }
        String elements = path + "." + expected;
        return switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getBoolContents(i);
                }
                yield Tensor.ofBooleans(values, shape);
            }
            case INT8, INT16, INT32 -> {
                long[] values = new long[count];
                long minimum = datatype == OipDatatype.INT8 ? Byte.MIN_VALUE : datatype == OipDatatype.INT16 ? Short.MIN_VALUE
                        : Integer.MIN_VALUE;
                long maximum = datatype == OipDatatype.INT8 ? Byte.MAX_VALUE : datatype == OipDatatype.INT16 ? Short.MAX_VALUE
                        : Integer.MAX_VALUE;
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getIntContents(i);
                    checkRange(values[i], minimum, maximum, elements, i, datatype);
                }
                yield Tensor.ofIntegers(datatype.dataType(), values, shape);
            }
            case UINT8, UINT16, UINT32 -> {
                long[] values = new long[count];
                long maximum = datatype == OipDatatype.UINT8 ? 0xffL : datatype == OipDatatype.UINT16 ? 0xffffL : 0xffffffffL;
                for (int i = 0; i < count; i++) {
                    values[i] = Integer.toUnsignedLong(contents.getUintContents(i));
                    checkRange(values[i], 0, maximum, elements, i, datatype);
                }
                yield Tensor.ofIntegers(datatype.dataType(), values, shape);
            }
            case INT64, UINT64 -> {
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = datatype == OipDatatype.INT64 ? contents.getInt64Contents(i) : contents.getUint64Contents(i);
                }
                yield Tensor.ofIntegers(datatype.dataType(), values, shape);
            }
            case FP32 -> {
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getFp32Contents(i);
                }
                yield Tensor.ofFloats(values, shape);
            }
            case FP64 -> {
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getFp64Contents(i);
                }
                yield Tensor.ofDoubles(values, shape);
            }
            case BYTES -> {
                List<String> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(OipTensors.utf8(contents.getBytesContents(i).asReadOnlyByteBuffer(), elements + "[" + i + "]"));
                }
                yield Tensor.ofStrings(values, shape);
            }
            case FP16, BF16 -> throw new IllegalStateException(datatype + " has no typed contents");
        };
    }

    private static String article(OipDatatype datatype) {
        return (datatype.name().startsWith("I") || datatype.name().startsWith("F") ? "an " : "a ") + datatype;
    }

    private static void checkRange(long value, long minimum, long maximum, String elements, int index, OipDatatype datatype) {
        if (value < minimum || value > maximum) {
            throw new InvalidRequestException(elements + "[" + index + "] is " + value + "; "
                    + OipTensors.expectation(datatype));
        }
    }

    private static void writeData(Tensor tensor, boolean raw, Consumer<ByteString> rawSink,
            Consumer<InferTensorContents> typedSink) {
        if (raw) {
            rawSink.accept(rawContents(tensor));
        } else {
            typedSink.accept(typedContents(tensor));
        }
    }

    private static ByteString rawContents(Tensor tensor) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OipTensors.toBinary(tensor, sink);
        return ByteString.copyFrom(sink.toByteArray());
    }

    private static InferTensorContents typedContents(Tensor tensor) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        if (tensor.type() == DataType.STRING) {
            tensor.strings().forEach(text -> contents.addBytesContents(ByteString.copyFromUtf8(text)));
            return contents.build();
        }
        ByteBuffer data = tensor.data();
        for (long i = 0; i < tensor.size(); i++) {
            switch (tensor.type()) {
                case BOOLEAN -> contents.addBoolContents(data.get() != 0);
                case INT8 -> contents.addIntContents(data.get());
                case INT16 -> contents.addIntContents(data.getShort());
                case INT32 -> contents.addIntContents(data.getInt());
                case INT64 -> contents.addInt64Contents(data.getLong());
                case UINT8 -> contents.addUintContents(Byte.toUnsignedInt(data.get()));
                case UINT16 -> contents.addUintContents(Short.toUnsignedInt(data.getShort()));
                case UINT32 -> contents.addUintContents(data.getInt());
                case UINT64 -> contents.addUint64Contents(data.getLong());
                case FLOAT32 -> contents.addFp32Contents(data.getFloat());
                case FLOAT64 -> contents.addFp64Contents(data.getDouble());
                default -> throw new IllegalStateException("no typed contents for " + tensor.type());
            }
        }
        return contents.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensorMetadata(FieldSpec field) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(field.name())
                .setDatatype(OipDatatype.of(field.type()).wireName()).addAllShape(field.shape()).build();
    }

    private static List<FieldSpec> fields(List<ModelMetadataResponse.TensorMetadata> tensors, String path) {
        List<FieldSpec> fields = new ArrayList<>(tensors.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tensors.size(); i++) {
            ModelMetadataResponse.TensorMetadata tensor = tensors.get(i);
            String fieldPath = path + "[" + i + "]";
            String name = name(tensor.getName(), fieldPath, names);
            OipDatatype datatype = datatype(tensor.getDatatype(), fieldPath);
            long[] shape = toArray(tensor.getShapeList());
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < -1) {
                    throw new InvalidRequestException(fieldPath + ".shape[" + d + "] is " + shape[d]
                            + "; a dimension is an integer >= -1");
                }
            }
            fields.add(FieldSpec.of(name, datatype.dataType(), shape));
        }
        return fields;
    }
}
