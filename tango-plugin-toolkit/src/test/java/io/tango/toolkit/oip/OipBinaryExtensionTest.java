package io.tango.toolkit.oip;

import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary tensor data extension: layout, round trips of every datatype, mixed bodies and every lie a body can tell. */
class OipBinaryExtensionTest {

    private static OipInferenceRequest requestOf(OipTensor... inputs) {
        return new OipInferenceRequest(Optional.empty(), Map.of(), List.of(inputs), List.of());
    }

    /** A body of {@code header} (JSON) followed by {@code binary}; returns the request read from it. */
    private static OipInferenceRequest read(String header, byte... binary) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(json);
        body.writeBytes(binary);
        return OipBinaryExtension.readRequest(body.toByteArray(), json.length);
    }

    private static String oneBinaryInput(String datatype, String shape, long size) {
        return "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape
                + ", \"parameters\": {\"binary_data_size\": " + size + "}}]}";
    }

    private static void assertRefused(String header, byte[] binary, String message) {
        assertThatThrownBy(() -> read(header, binary)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    private static byte[] tail(OipBinaryExtension.Body body) {
        return Arrays.copyOfRange(body.bytes(), body.headerLength(), body.bytes().length);
    }

    private static String head(OipBinaryExtension.Body body) {
        return new String(body.bytes(), 0, body.headerLength(), StandardCharsets.UTF_8);
    }

    // ---- round trips --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(OipDatatype.class)
    void everyDatatypeSurvivesABinaryRequestRoundTrip(OipDatatype datatype) {
        OipInferenceRequest sent = new OipInferenceRequest(Optional.of("b"), Map.of("binary_data_output", true),
                List.of(new OipTensor("x", OipSamples.of(datatype), Map.of("k", 1L))), List.of(OipRequestedOutput.binary("y")));

        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(sent, input -> true);

        assertThat(body.hasBinaryData()).isTrue();
        assertThat(body.contentType()).isEqualTo("application/octet-stream");
        assertThat(OipBinaryExtension.readRequest(body.bytes(), body.headerLength())).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(OipDatatype.class)
    void everyDatatypeSurvivesABinaryResponseRoundTrip(OipDatatype datatype) {
        OipInferenceResponse sent = new OipInferenceResponse("m", Optional.empty(), Optional.empty(), Map.of(),
                List.of(OipTensor.of("y", OipSamples.of(datatype))));

        OipBinaryExtension.Body body = OipBinaryExtension.writeResponse(sent, output -> true);

        assertThat(OipBinaryExtension.readResponse(body.bytes(), body.headerLength())).isEqualTo(sent);
    }

    @Test
    void rawDataIsLittleEndianRowMajorAfterTheHeader() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(
                requestOf(OipTensor.of("x", Tensor.ofFloats(new float[] {1.0f, -2.0f}, 2))), input -> true);

        assertThat(head(body)).isEqualTo("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":8}}]}");
        assertThat(tail(body)).containsExactly(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0);
    }

    @Test
    void bytesElementsArePrefixedByTheirLittleEndianLength() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(
                requestOf(OipTensor.of("s", Tensor.ofStrings(List.of("ab", "", "é"), 3))), input -> true);

        assertThat(tail(body)).containsExactly(2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 2, 0, 0, 0, 0xc3, 0xa9);
        assertThat(head(body)).contains("\"parameters\":{\"binary_data_size\":16}");
    }

    @Test
    void uint64AndHalfPrecisionKeepTheirBitPatterns() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(requestOf(
                OipTensor.of("u", Tensor.ofIntegers(DataType.UINT64, new long[] {-1L}, 1)),
                OipTensor.of("h", Tensor.ofFloats(DataType.FLOAT16, new float[] {1.0f}, 1)),
                OipTensor.of("b", Tensor.ofFloats(DataType.BFLOAT16, new float[] {-2.0f}, 1))), input -> true);

        assertThat(tail(body)).containsExactly(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x3c, 0x00, 0xc0);
    }

    @Test
    void aMixedBodyCarriesSomeTensorsAsJsonAndSomeAsBinary() {
        OipInferenceRequest sent = requestOf(OipTensor.of("json", Tensor.ofInts(new int[] {7, 8}, 2)),
                OipTensor.of("raw", Tensor.ofIntegers(DataType.UINT8, new long[] {1, 255}, 2)),
                OipTensor.of("text", Tensor.ofStrings(List.of("t"), 1)));

        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(sent, input -> input.name().equals("raw"));

        assertThat(head(body)).isEqualTo("{\"inputs\":["
                + "{\"name\":\"json\",\"shape\":[2],\"datatype\":\"INT32\",\"data\":[7,8]},"
                + "{\"name\":\"raw\",\"shape\":[2],\"datatype\":\"UINT8\",\"parameters\":{\"binary_data_size\":2}},"
                + "{\"name\":\"text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"t\"]}]}");
        assertThat(tail(body)).containsExactly(1, 255);
        assertThat(OipBinaryExtension.readRequest(body.bytes(), body.headerLength())).isEqualTo(sent);
    }

    @Test
    void halfPrecisionGoesBinaryEvenWhenJsonIsAskedFor() {
        OipInferenceResponse sent = new OipInferenceResponse("m", Optional.empty(), Optional.empty(), Map.of(), List.of(
                OipTensor.of("h", Tensor.ofFloats(DataType.FLOAT16, new float[] {0.5f}, 1)),
                OipTensor.of("f", Tensor.ofFloats(new float[] {0.5f}, 1))));

        OipBinaryExtension.Body body = OipBinaryExtension.writeResponse(sent, output -> false);

        assertThat(head(body)).isEqualTo("{\"model_name\":\"m\",\"outputs\":["
                + "{\"name\":\"h\",\"shape\":[1],\"datatype\":\"FP16\",\"parameters\":{\"binary_data_size\":2}},"
                + "{\"name\":\"f\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[0.5]}]}");
        assertThat(tail(body)).containsExactly(0x00, 0x38);
    }

    @Test
    void aBodyWithNothingBinaryIsPlainJson() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(
                requestOf(OipTensor.of("x", Tensor.ofInts(new int[] {1}, 1))), input -> false);

        assertThat(body.hasBinaryData()).isFalse();
        assertThat(body.headerLength()).isEqualTo(body.bytes().length);
        assertThat(body.contentType()).isEqualTo("application/json");
        assertThat(OipJson.readRequest(body.bytes())).isEqualTo(requestOf(OipTensor.of("x", Tensor.ofInts(new int[] {1}, 1))));
    }

    @Test
    void theRequestedBinaryOutputsFollowTheRequest() {
        OipInferenceRequest asked = new OipInferenceRequest(Optional.empty(), Map.of(), List.of(),
                List.of(OipRequestedOutput.binary("y"), OipRequestedOutput.named("z")));
        OipInferenceResponse answer = OipInferenceResponse.answer(asked, io.tango.api.TangoResponse.of(Map.of(
                "y", Tensor.ofInts(new int[] {1}, 1), "z", Tensor.ofInts(new int[] {2}, 1))), "m", Optional.empty());

        OipBinaryExtension.Body body = OipBinaryExtension.writeResponse(answer, output -> asked.wantsBinary(output.name()));

        assertThat(head(body)).isEqualTo("{\"model_name\":\"m\",\"outputs\":["
                + "{\"name\":\"y\",\"shape\":[1],\"datatype\":\"INT32\",\"parameters\":{\"binary_data_size\":4}},"
                + "{\"name\":\"z\",\"shape\":[1],\"datatype\":\"INT32\",\"data\":[2]}]}");
        assertThat(tail(body)).containsExactly(1, 0, 0, 0);
    }

    // ---- lies and malformed bodies -------------------------------------------------------------------------------

    @Test
    void aHeaderLengthPastTheBodyOrNegativeIsRefused() {
        byte[] body = "{\"inputs\": []}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OipBinaryExtension.readRequest(body, 500)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Inference-Header-Content-Length is 500 but the body has 14 bytes; it must be between 0 and"
                        + " the body's length");
        assertThatThrownBy(() -> OipBinaryExtension.readRequest(body, -1)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Inference-Header-Content-Length is -1 but the body has 14 bytes; it must be between 0 and"
                        + " the body's length");
        assertThatThrownBy(() -> OipBinaryExtension.readRequest(body, 5)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("the inference request header is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void aBinaryDataSizePastTheBodyIsRefused() {
        assertRefused(oneBinaryInput("FP32", "[1000000000]", 4_000_000_000L), new byte[8],
                "inputs[0].parameters.binary_data_size is 4000000000 but only 8 bytes of binary data remain after the"
                        + " JSON header and the tensors before it");
    }

    @Test
    void aBinaryDataSizeUnlikeTheShapesNeedIsRefused() {
        assertRefused(oneBinaryInput("FP32", "[2, 3]", 20), new byte[20],
                "inputs[0].parameters.binary_data_size is 20 but shape [2, 3] of FP32 needs 24 bytes");
    }

    @Test
    void aBinaryDataSizeThatIsNoCountIsRefused() {
        assertRefused(oneBinaryInput("FP32", "[1]", -4), new byte[4],
                "inputs[0].parameters.binary_data_size is -4; it must be an integer >= 0");
        assertRefused(oneBinaryInput("FP32", "[1]", 0).replace("0}", "\"4\"}"), new byte[4],
                "inputs[0].parameters.binary_data_size is \"4\"; it must be an integer >= 0");
    }

    @Test
    void bytesTheTensorsDoNotAccountForAreRefused() {
        assertRefused(oneBinaryInput("UINT8", "[2]", 2), new byte[] {1, 2, 3},
                "the body has 1 bytes of binary data that no tensor's binary_data_size accounts for");
    }

    @Test
    void aBytesLengthPrefixPastItsTensorIsRefused() {
        assertRefused(oneBinaryInput("BYTES", "[1]", 6), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a', 'b'},
                "inputs[0] binary BYTES element 0 claims 4294967295 bytes, but only 2 remain in its binary_data_size of 6");
    }

    @Test
    void aBytesTensorWithBytesLeftOverIsRefused() {
        assertRefused(oneBinaryInput("BYTES", "[1]", 7), new byte[] {1, 0, 0, 0, 'a', 'b', 'c'},
                "inputs[0].parameters.binary_data_size is 7 but its 1 BYTES elements take 5 bytes");
    }

    @Test
    void aBytesTensorEndingInsideALengthIsRefused() {
        assertRefused(oneBinaryInput("BYTES", "[2]", 9), new byte[] {1, 0, 0, 0, 'a', 3, 0, 0, 0},
                "inputs[0] binary BYTES element 1 claims 3 bytes, but only 0 remain in its binary_data_size of 9");
        assertRefused(oneBinaryInput("BYTES", "[2]", 8), new byte[] {2, 0, 0, 0, 'a', 'b', 0, 0},
                "inputs[0] binary data ends inside the length of BYTES element 1");
    }

    @Test
    void aBytesShapeThatClaimsMoreElementsThanTheDataCanHoldIsRefusedBeforeReading() {
        assertRefused(oneBinaryInput("BYTES", "[1000000]", 8), new byte[8],
                "inputs[0].shape [1000000] needs 1000000 BYTES elements, but binary_data_size 8 holds at most 2");
    }

    @Test
    void aBytesElementThatIsNotUtf8IsRefused() {
        assertRefused(oneBinaryInput("BYTES", "[1]", 6), new byte[] {2, 0, 0, 0, (byte) 0xc3, (byte) 0x28},
                "inputs[0] BYTES element 0 is not valid UTF-8; TANGO carries BYTES tensors as text (STRING)");
    }

    @Test
    void aBinaryBoolOtherThanZeroOrOneIsRefused() {
        assertRefused(oneBinaryInput("BOOL", "[2]", 2), new byte[] {1, 7},
                "inputs[0] binary element 1 is 7; a binary BOOL element is 0 or 1");
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefusedBeforeAnythingIsAllocated() {
        assertRefused(oneBinaryInput("FP64", "[9223372036854775807, 9223372036854775807]", 8), new byte[8],
                "inputs[0].shape [9223372036854775807, 9223372036854775807] has more than 2147483647 elements, more"
                        + " than one tensor holds");
    }

    /** A request with one input of every datatype, half of them binary. */
    private static OipBinaryExtension.Body everyDatatypeBody() {
        List<OipTensor> inputs = Arrays.stream(OipDatatype.values())
                .map(datatype -> OipTensor.of(datatype.wireName(), OipSamples.of(datatype))).toList();
        return OipBinaryExtension.writeRequest(new OipInferenceRequest(Optional.empty(), Map.of(), inputs, List.of()),
                input -> input.name().startsWith("U") || input.name().equals("BYTES"));
    }

    @Test
    void everyTruncationOfABinaryBodyIsRefusedAsAnInvalidRequest() {
        OipBinaryExtension.Body body = everyDatatypeBody();

        for (int length = 0; length < body.bytes().length; length++) {
            byte[] truncated = Arrays.copyOf(body.bytes(), length);
            assertThatThrownBy(() -> OipBinaryExtension.readRequest(truncated, body.headerLength()))
                    .as("truncated to %d bytes", length).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void everySingleByteCorruptionIsReadOrRefusedAsAnInvalidRequestAndNothingElse() {
        OipBinaryExtension.Body body = everyDatatypeBody();
        int refused = 0;

        for (int position = 0; position < body.bytes().length; position++) {
            for (byte value : new byte[] {0, (byte) 0xff, '"', '[', '9', '-'}) {
                byte[] corrupt = body.bytes().clone();
                corrupt[position] = value;
                try {
                    OipBinaryExtension.readRequest(corrupt, body.headerLength());
                } catch (InvalidRequestException e) {
                    refused++;
                }
            }
        }

        assertThat(refused).isPositive();
    }

    @Test
    void binaryOutputsOfAResponseAreCheckedTheSameWay() {
        byte[] json = ("{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"INT64\", \"shape\": [2],"
                + " \"parameters\": {\"binary_data_size\": 16}}]}").getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(json, json.length + 8);

        assertThatThrownBy(() -> OipBinaryExtension.readResponse(body, json.length))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("outputs[0].parameters.binary_data_size is 16 but only 8 bytes of binary data remain after"
                        + " the JSON header and the tensors before it");
    }
}
