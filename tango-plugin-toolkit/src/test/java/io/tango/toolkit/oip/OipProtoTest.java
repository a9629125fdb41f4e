package io.tango.toolkit.oip;

import com.google.protobuf.ByteString;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.Tensor;
import io.tango.toolkit.oip.OipProto.Encoding;
import io.tango.toolkit.oip.grpc.InferParameter;
import io.tango.toolkit.oip.grpc.InferTensorContents;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferRequest.InferInputTensor;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ServerMetadataResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC messages to and from the toolkit's records: both encodings of every datatype, and every lie a message tells. */
class OipProtoTest {

    private static OipInferenceRequest requestOf(OipTensor... inputs) {
        return new OipInferenceRequest(Optional.empty(), Map.of(), List.of(inputs), List.of());
    }

    private static InferInputTensor.Builder input(String name, String datatype, long... shape) {
        return InferInputTensor.newBuilder().setName(name).setDatatype(datatype)
                .addAllShape(Arrays.stream(shape).boxed().toList());
    }

    private static InferInputTensor.Builder input(String datatype, long... shape) {
        return input("x", datatype, shape);
    }

    private static ModelInferRequest typed(InferInputTensor.Builder input, InferTensorContents.Builder contents) {
        return ModelInferRequest.newBuilder().setModelName("m").addInputs(input.setContents(contents)).build();
    }

    private static ModelInferRequest raw(InferInputTensor.Builder input, byte... bytes) {
        return ModelInferRequest.newBuilder().setModelName("m").addInputs(input)
                .addRawInputContents(ByteString.copyFrom(bytes)).build();
    }

    /** {@link #raw(InferInputTensor.Builder, byte...)} of bytes written as ints, for readable literals. */
    private static ModelInferRequest raw(InferInputTensor.Builder input, int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return raw(input, data);
    }

    private static void assertRefused(ModelInferRequest message, String expected) {
        assertThatThrownBy(() -> OipProto.readRequest(message)).isInstanceOf(InvalidRequestException.class)
                .hasMessage(expected);
    }

    // ---- round trips ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(OipDatatype.class)
    void everyDatatypeSurvivesARequestRoundTripTyped(OipDatatype datatype) {
        OipInferenceRequest sent = new OipInferenceRequest(Optional.of("r1"), Map.of("priority", 2L),
                List.of(new OipTensor("x", OipSamples.of(datatype), Map.of("k", "v"))),
                List.of(OipRequestedOutput.named("y")));

        ModelInferRequest message = OipProto.writeRequest("m", Optional.of("3"), sent, Encoding.TYPED);

        assertThat(message.getModelName()).isEqualTo("m");
        assertThat(message.getModelVersion()).isEqualTo("3");
        assertThat(OipProto.readRequest(message)).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(OipDatatype.class)
    void everyDatatypeSurvivesARequestRoundTripRaw(OipDatatype datatype) {
        OipInferenceRequest sent = requestOf(OipTensor.of("x", OipSamples.of(datatype)));

        ModelInferRequest message = OipProto.writeRequest("m", Optional.empty(), sent, Encoding.RAW);

        assertThat(message.getRawInputContentsCount()).isEqualTo(1);
        assertThat(message.getInputs(0).hasContents()).isFalse();
        assertThat(OipProto.readRequest(message)).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyDatatypeSurvivesAResponseRoundTrip(Encoding encoding) {
        List<OipTensor> outputs = Arrays.stream(OipDatatype.values())
                .map(datatype -> OipTensor.of(datatype.wireName(), OipSamples.of(datatype))).toList();
        OipInferenceResponse sent = new OipInferenceResponse("m", Optional.of("1"), Optional.of("r"),
                Map.of("content_type", "np"), outputs);

        assertThat(OipProto.readResponse(OipProto.writeResponse(sent, encoding))).isEqualTo(sent);
    }

    @Test
    void typedContentsGoInTheFieldOfTheirDatatype() {
        ModelInferRequest message = OipProto.writeRequest("m", Optional.empty(), requestOf(
                OipTensor.of("i8", OipSamples.of(OipDatatype.INT8)),
                OipTensor.of("u16", OipSamples.of(OipDatatype.UINT16)),
                OipTensor.of("u64", OipSamples.of(OipDatatype.UINT64)),
                OipTensor.of("s", OipSamples.of(OipDatatype.BYTES)),
                OipTensor.of("b", OipSamples.of(OipDatatype.BOOL))), Encoding.TYPED);

        assertThat(message.getRawInputContentsCount()).isZero();
        assertThat(message.getInputs(0).getContents().getIntContentsList()).containsExactly(-128, 127);
        assertThat(message.getInputs(1).getContents().getUintContentsList()).containsExactly(0, 65535);
        assertThat(message.getInputs(2).getContents().getUint64ContentsList()).containsExactly(0L, Long.MAX_VALUE, -1L);
        assertThat(message.getInputs(3).getContents().getBytesContentsList())
                .containsExactly(ByteString.EMPTY, ByteString.copyFromUtf8("ab"), ByteString.copyFromUtf8("é✓"));
        assertThat(message.getInputs(4).getContents().getBoolContentsList()).containsExactly(true, false, true);
    }

    @Test
    void rawContentsAreLittleEndianAndBytesElementsCarryTheirLength() {
        ModelInferRequest message = OipProto.writeRequest("m", Optional.empty(), requestOf(
                OipTensor.of("i", Tensor.ofInts(new int[] {1, 256}, 2)),
                OipTensor.of("s", Tensor.ofStrings(List.of("ab"), 1))), Encoding.RAW);

        assertThat(message.getRawInputContents(0).toByteArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 0);
        assertThat(message.getRawInputContents(1).toByteArray()).containsExactly(2, 0, 0, 0, 'a', 'b');
    }

    @Test
    void aHalfFloatTensorSendsTheWholeMessageRawEvenWhenTypedWasAsked() {
        ModelInferRequest message = OipProto.writeRequest("m", Optional.empty(), requestOf(
                OipTensor.of("i", Tensor.ofInts(new int[] {7}, 1)),
                OipTensor.of("h", OipSamples.of(OipDatatype.FP16))), Encoding.TYPED);

        assertThat(message.getRawInputContentsCount()).isEqualTo(2);
        assertThat(message.getInputs(0).hasContents()).isFalse();
        assertThat(message.getRawInputContents(0).toByteArray()).containsExactly(7, 0, 0, 0);
    }

    @Test
    void anEmptyIdAndVersionReadAsAbsent() {
        OipInferenceResponse response = OipProto.readResponse(ModelInferResponse.newBuilder().setModelName("m").build());

        assertThat(response.modelVersion()).isEmpty();
        assertThat(response.id()).isEmpty();
        assertThat(OipProto.readRequest(ModelInferRequest.newBuilder().build()).id()).isEmpty();
    }

    @Test
    void parametersOfEveryKindSurviveARoundTrip() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("s", "text");
        parameters.put("b", true);
        parameters.put("l", -5L);
        parameters.put("d", 0.25);
        parameters.put("u", new BigInteger("18446744073709551615"));

        Map<String, InferParameter> messages = OipProto.writeParameters(parameters);

        assertThat(messages.get("u").getUint64Param()).isEqualTo(-1L);
        assertThat(messages.get("l").getInt64Param()).isEqualTo(-5L);
        assertThat(OipProto.readParameters(messages, "parameters")).containsExactlyEntriesOf(parameters);
    }

    @Test
    void aParameterOutsideWhatTheMessageHoldsIsRefusedOnWriting() {
        assertThatThrownBy(() -> OipProto.writeParameters(Map.of("n", BigInteger.TWO.pow(64))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'n' is 18446744073709551616; an integer parameter is between -2^63 and 2^64-1");
    }

    @Test
    void aParameterWithoutAValueIsRefused() {
        assertRefused(ModelInferRequest.newBuilder().putParameters("p", InferParameter.getDefaultInstance()).build(),
                "parameters.p has no value; a parameter is a bool, int64, uint64, double or string");
    }

    @Test
    void modelMetadataSurvivesARoundTrip() {
        OipModelMetadata metadata = new OipModelMetadata("iris", List.of("1", "2"), "onnx_onnxv1", new ModelSignature(
                List.of(FieldSpec.of("x", DataType.FLOAT32, -1, 4), FieldSpec.of("h", DataType.FLOAT16, 2)),
                List.of(FieldSpec.of("y", DataType.STRING, -1))));

        assertThat(OipProto.readModelMetadata(OipProto.writeModelMetadata(metadata))).isEqualTo(metadata);
    }

    @Test
    void modelMetadataWithAnUnknownDatatypeOrABadDimensionIsRefused() {
        ModelMetadataResponse.TensorMetadata.Builder tensor = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName("x").setDatatype("FP8").addShape(1);
        assertThatThrownBy(() -> OipProto.readModelMetadata(ModelMetadataResponse.newBuilder().setName("m")
                .addInputs(tensor).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("inputs[0].datatype 'FP8' is not an OIP datatype; the datatypes are BOOL, UINT8, UINT16,"
                        + " UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
        assertThatThrownBy(() -> OipProto.readModelMetadata(ModelMetadataResponse.newBuilder().setName("m")
                .addOutputs(tensor.setDatatype("FP32").addShape(-2)).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("outputs[0].shape[1] is -2; a dimension is an integer >= -1");
    }

    @Test
    void serverMetadataSurvivesARoundTrip() {
        OipServerMetadata metadata = new OipServerMetadata("tango", "0.1.0", List.of("binary_tensor_data"));

        ServerMetadataResponse message = OipProto.writeServerMetadata(metadata);

        assertThat(message.getExtensionsList()).containsExactly("binary_tensor_data");
        assertThat(OipProto.readServerMetadata(message)).isEqualTo(metadata);
    }

    // ---- what a hostile message gets ------------------------------------------------------------------------------

    @Test
    void typedContentsWhoseCountDisagreesWithTheShapeAreRefused() {
        assertRefused(typed(input("FP32", 2, 3), InferTensorContents.newBuilder().addAllFp32Contents(List.of(1f, 2f, 3f, 4f, 5f))),
                "inputs[0].contents.fp32_contents has 5 elements but shape [2, 3] needs 6");
        assertRefused(ModelInferRequest.newBuilder().addInputs(input("INT64", 2)).build(),
                "inputs[0].contents.int64_contents has 0 elements but shape [2] needs 2");
    }

    @Test
    void typedContentsInTheFieldOfAnotherDatatypeAreRefused() {
        assertRefused(typed(input("INT32", 1), InferTensorContents.newBuilder().addFp32Contents(1f)),
                "inputs[0].contents.fp32_contents has 1 elements, but an INT32 tensor's elements go in int_contents");
    }

    @Test
    void typedElementsOutsideTheirDatatypesRangeAreRefused() {
        assertRefused(typed(input("INT8", 2), InferTensorContents.newBuilder().addIntContents(1).addIntContents(300)),
                "inputs[0].contents.int_contents[1] is 300; an INT8 element is an integer from -128 to 127");
        assertRefused(typed(input("UINT16", 1), InferTensorContents.newBuilder().addUintContents(-1)),
                "inputs[0].contents.uint_contents[0] is 4294967295; a UINT16 element is an integer from 0 to 65535");
    }

    @Test
    void aTypedBytesElementThatIsNotUtf8IsRefused() {
        assertRefused(typed(input("BYTES", 1), InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFrom(new byte[] {(byte) 0xc3, 0x28}))),
                "inputs[0].contents.bytes_contents[0] is not valid UTF-8; TANGO carries BYTES tensors as text (STRING)");
    }

    @Test
    void rawAndTypedContentsInOneMessageAreRefused() {
        ModelInferRequest message = ModelInferRequest.newBuilder()
                .addInputs(input("a", "INT32", 1))
                .addInputs(input("b", "INT32", 1).setContents(InferTensorContents.newBuilder().addIntContents(1)))
                .addRawInputContents(ByteString.copyFrom(new byte[4]))
                .addRawInputContents(ByteString.copyFrom(new byte[4])).build();

        assertRefused(message, "inputs[1].contents is given, but the message has raw_input_contents; a message carries"
                + " its tensors either raw or typed, never both");
    }

    @Test
    void rawContentsWithoutOneEntryPerTensorAreRefused() {
        ModelInferRequest message = ModelInferRequest.newBuilder()
                .addInputs(input("a", "INT32", 1)).addInputs(input("b", "INT32", 1))
                .addRawInputContents(ByteString.copyFrom(new byte[4])).build();

        assertRefused(message, "raw_input_contents has 1 entries but the message has 2 inputs; raw contents give one"
                + " entry per tensor, in order");
    }

    @Test
    void rawContentsWhoseSizeDisagreesWithTheShapeAreRefused() {
        assertRefused(raw(input("FP32", 3), new byte[8]),
                "raw_input_contents[0] has 8 bytes but inputs[0].shape [3] of FP32 needs 12 bytes");
    }

    @Test
    void aClaimedTenGigabyteTensorIsRefusedBeforeAnythingIsAllocated() {
        assertRefused(raw(input("FP64", 1_250_000_000L), new byte[8]),
                "raw_input_contents[0] has 8 bytes but inputs[0].shape [1250000000] of FP64 needs 10000000000 bytes");
        assertRefused(raw(input("FP32", 2_500_000_000L), new byte[8]),
                "inputs[0].shape [2500000000] has more than 2147483647 elements, more than one tensor holds");
    }

    @Test
    void aRawBytesLengthThatLiesIsRefused() {
        assertRefused(raw(input("BYTES", 1), 0xff, 0xff, 0xff, 0xff, 'a', 'b'),
                "inputs[0] binary BYTES element 0 claims 4294967295 bytes, but only 2 remain in raw_input_contents[0]"
                        + " of 6 bytes");
        assertRefused(raw(input("BYTES", 1000000), new byte[8]),
                "inputs[0].shape [1000000] needs 1000000 BYTES elements, but raw_input_contents[0] of 8 bytes holds at"
                        + " most 2");
        assertRefused(raw(input("BYTES", 1), 1, 0, 0, 0, 'a', 'b'),
                "raw_input_contents[0] has 6 bytes but its 1 BYTES elements take 5 bytes");
    }

    @Test
    void aRawBoolOtherThanZeroOrOneIsRefused() {
        assertRefused(raw(input("BOOL", 2), 1, 7), "inputs[0] binary element 1 is 7; a binary BOOL element is 0 or 1");
    }

    @Test
    void shapesThatOverflowOrAreNegativeAreRefused() {
        assertRefused(raw(input("FP32", Long.MAX_VALUE, Long.MAX_VALUE), new byte[4]),
                "inputs[0].shape [9223372036854775807, 9223372036854775807] has more than 2147483647 elements, more"
                        + " than one tensor holds");
        assertRefused(raw(input("FP32", 1L << 62, 4, 0)),
                "inputs[0].shape [4611686018427387904, 4, 0] has dimensions other than 0 whose product exceeds"
                        + " 9223372036854775807; no tensor has such a shape");
        assertRefused(raw(input("FP32", 2, -1), new byte[8]), "inputs[0].shape[1] is -1; a dimension is an integer >= 0");
    }

    @Test
    void anUnknownOrMissingDatatypeIsRefused() {
        assertRefused(raw(input("FP8", 1), new byte[1]), "inputs[0].datatype 'FP8' is not an OIP datatype; the"
                + " datatypes are BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
        assertRefused(raw(input("", 1), new byte[1]), "inputs[0].datatype is empty; the datatypes are BOOL, UINT8,"
                + " UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }

    @Test
    void halfFloatsInTypedContentsAreRefused() {
        assertRefused(ModelInferRequest.newBuilder().addInputs(input("FP16", 1)).build(),
                "inputs[0] is FP16, which has no typed contents; it travels only in raw_input_contents");
    }

    @Test
    void missingAndDuplicateNamesAreRefused() {
        assertRefused(raw(input("", "INT8", 1), new byte[1]), "inputs[0].name is empty");
        assertRefused(ModelInferRequest.newBuilder().addInputs(input("a", "INT8", 1)).addInputs(input("a", "INT8", 1))
                        .addRawInputContents(ByteString.copyFrom(new byte[1]))
                        .addRawInputContents(ByteString.copyFrom(new byte[1])).build(),
                "inputs[1].name 'a' is given twice");
        assertRefused(ModelInferRequest.newBuilder()
                        .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y"))
                        .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y")).build(),
                "outputs[1].name 'y' is given twice");
    }

    @Test
    void aResponseIsReadAsStrictlyAsARequest() {
        ModelInferResponse message = ModelInferResponse.newBuilder().setModelName("m")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("y").setDatatype("INT64").addShape(2))
                .addRawOutputContents(ByteString.copyFrom(new byte[8])).build();

        assertThatThrownBy(() -> OipProto.readResponse(message)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("raw_output_contents[0] has 8 bytes but outputs[0].shape [2] of INT64 needs 16 bytes");
    }
}
