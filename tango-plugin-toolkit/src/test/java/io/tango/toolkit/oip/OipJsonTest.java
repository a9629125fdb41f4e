package io.tango.toolkit.oip;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OIP's REST documents in JSON: round trips, the specification's examples, servers' quirks and every error path. */
class OipJsonTest {

    private static OipInferenceRequest request(String json) {
        return OipJson.readRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private static OipInferenceResponse response(String json) {
        return OipJson.readResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A request with one input of the given datatype, shape and data, as JSON text. */
    private static String oneInput(String datatype, String shape, String data) {
        return "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"" + datatype + "\", \"shape\": " + shape
                + ", \"data\": " + data + "}]}";
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> request(json)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    // ---- round trips --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = OipDatatype.class, names = {"FP16", "BF16"}, mode = EnumSource.Mode.EXCLUDE)
    void everyJsonDatatypeSurvivesARequestRoundTrip(OipDatatype datatype) {
        Tensor tensor = OipSamples.of(datatype);
        OipInferenceRequest sent = new OipInferenceRequest(Optional.of("r1"), Map.of("priority", 2L),
                List.of(new OipTensor("x", tensor, Map.of("note", "kept"))), List.of(OipRequestedOutput.named("y")));

        OipInferenceRequest read = OipJson.readRequest(OipJson.writeRequest(sent));

        assertThat(read).isEqualTo(sent);
        assertThat(read.inputs().get(0).datatype()).isEqualTo(datatype);
    }

    @ParameterizedTest
    @EnumSource(value = OipDatatype.class, names = {"FP16", "BF16"}, mode = EnumSource.Mode.EXCLUDE)
    void everyJsonDatatypeSurvivesAResponseRoundTrip(OipDatatype datatype) {
        OipInferenceResponse sent = new OipInferenceResponse("m", Optional.of("3"), Optional.of("r1"), Map.of(),
                List.of(OipTensor.of("y", OipSamples.of(datatype))));

        assertThat(OipJson.readResponse(OipJson.writeResponse(sent))).isEqualTo(sent);
    }

    @Test
    void dataIsWrittenFlatInRowMajorOrder() {
        OipInferenceRequest sent = new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("x", Tensor.ofIntegers(DataType.UINT64, new long[] {1, 2, 3, -1}, 2, 2))), List.of());

        assertThat(text(OipJson.writeRequest(sent))).isEqualTo(
                "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"UINT64\",\"data\":[1,2,3,18446744073709551615]}]}");
    }

    @Test
    void halfPrecisionHasNoJsonForm() {
        OipInferenceRequest sent = new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("h", OipSamples.of(OipDatatype.FP16))), List.of());

        assertThatThrownBy(() -> OipJson.writeRequest(sent))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'h' is FP16, which travels only as binary data: write it with the binary tensor data extension");
        assertRefused(oneInput("BF16", "[1]", "[1.5]"),
                "inputs[0] is BF16, which travels only as binary data (parameters.binary_data_size), not as JSON data");
    }

    // ---- the specification's examples (inference_rest.md) --------------------------------------------------------

    private static final String SPEC_REQUEST = """
            {
              "id" : "42",
              "inputs" : [
                {
                  "name" : "input0",
                  "shape" : [ 2, 2 ],
                  "datatype" : "UINT32",
                  "data" : [ 1, 2, 3, 4 ]
                },
                {
                  "name" : "input1",
                  "shape" : [ 3 ],
                  "datatype" : "BOOL",
                  "data" : [ true ]
                }
              ],
              "outputs" : [
                {
                  "name" : "output0"
                }
              ]
            }
            """;

    @Test
    void theSpecificationsRequestExampleIsRefusedWhereItsShapeAndDataDisagree() {
        // The example gives input1 the shape [3] but one element: a server must not guess the other two.
        assertRefused(SPEC_REQUEST, "inputs[1].shape [3] needs 3 elements, data has 1");
    }

    @Test
    void theSpecificationsRequestExampleWithConsistentDataIsRead() {
        OipInferenceRequest read = request(SPEC_REQUEST.replace("[ true ]", "[ true, false, true ]"));

        assertThat(read.id()).contains("42");
        assertThat(read.inputs()).extracting(OipTensor::name).containsExactly("input0", "input1");
        assertThat(read.inputs().get(0).tensor())
                .isEqualTo(Tensor.ofIntegers(DataType.UINT32, new long[] {1, 2, 3, 4}, 2, 2));
        assertThat(read.inputs().get(1).tensor()).isEqualTo(Tensor.ofBooleans(new boolean[] {true, false, true}, 3));
        assertThat(read.outputs()).containsExactly(OipRequestedOutput.named("output0"));
    }

    @Test
    void theSpecificationsResponseExampleIsReadOnceItsMissingCommaIsAdded() {
        // As printed, the example lacks the comma after "id" and the model_name the schema asks for.
        String printed = """
                {
                  "id" : "42"
                  "outputs" : [
                    {
                      "name" : "output0",
                      "shape" : [ 3, 2 ],
                      "datatype"  : "FP32",
                      "data" : [ 1.0, 1.1, 2.0, 2.1, 3.0, 3.1 ]
                    }
                  ]
                }
                """;
        assertThatThrownBy(() -> response(printed)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("the inference response is not valid JSON: Unexpected character ('\"' (code 34)):");

        OipInferenceResponse read = response(printed.replace("\"42\"", "\"42\","));

        assertThat(read.id()).contains("42");
        assertThat(read.modelName()).isEmpty();
        assertThat(read.outputs()).containsExactly(OipTensor.of("output0",
                Tensor.ofFloats(new float[] {1.0f, 1.1f, 2.0f, 2.1f, 3.0f, 3.1f}, 3, 2)));
    }

    // ---- what servers send --------------------------------------------------------------------------------------

    @Test
    void nestedDataIsReadInRowMajorOrder() {
        OipInferenceRequest read = request(oneInput("INT32", "[2, 2]", "[[1, 2], [4, 5]]"));

        assertThat(read.inputs().get(0).tensor()).isEqualTo(Tensor.ofInts(new int[] {1, 2, 4, 5}, 2, 2));
    }

    @Test
    void aBareValueIsTheDataOfAOneElementTensor() {
        assertThat(request(oneInput("FP64", "[1]", "2.5")).inputs().get(0).tensor())
                .isEqualTo(Tensor.ofDoubles(new double[] {2.5}, 1));
    }

    @Test
    void kserveNullsStandForMissingFields() {
        OipInferenceResponse read = response("""
                {"model_name": "m", "model_version": null, "id": "7", "parameters": null,
                 "outputs": [{"name": "y", "shape": [1], "datatype": "BYTES", "parameters": null, "data": ["a"]}]}
                """);

        assertThat(read.modelVersion()).isEmpty();
        assertThat(read.parameters()).isEmpty();
        assertThat(read.outputs().get(0).tensor()).isEqualTo(Tensor.ofStrings(List.of("a"), 1));
    }

    @Test
    void mlserversContentTypeParameterIsKeptOnItsOutput() {
        OipInferenceResponse read = response("""
                {"model_name": "iris", "id": "u", "outputs": [{"name": "predict", "shape": [2, 1], "datatype": "INT64",
                 "parameters": {"content_type": "np"}, "data": [0, 2]}]}
                """);

        assertThat(read.outputs().get(0).parameters()).isEqualTo(Map.of("content_type", "np"));
        assertThat(read.toTangoResponse().output("predict")).contains(Tensor.ofLongs(new long[] {0, 2}, 2, 1));
        assertThat(read.toTangoResponse().metadata()).isEqualTo(Map.of("model_name", "iris", "id", "u"));
    }

    @Test
    void nanAndInfinitiesAreReadAsStringsOrBareTokens() {
        Tensor read = request(oneInput("FP32", "[4]", "[\"NaN\", \"-Infinity\", NaN, Infinity]")).inputs().get(0).tensor();

        assertThat(read.toFloatArray()).containsExactly(Float.NaN, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.POSITIVE_INFINITY);
    }

    @Test
    void parametersKeepTheirJsonTypes() {
        OipInferenceRequest read = request("""
                {"parameters": {"s": "x", "i": 3, "f": 0.5, "b": true, "binary_data_output": true},
                 "inputs": [], "outputs": [{"name": "y", "parameters": {"binary_data": false}}, {"name": "z"}]}
                """);

        assertThat(read.parameters()).containsExactly(Map.entry("s", "x"), Map.entry("i", 3L), Map.entry("f", 0.5),
                Map.entry("b", true), Map.entry("binary_data_output", true));
        assertThat(read.wantsBinary("y")).isFalse();
        assertThat(read.wantsBinary("z")).isTrue();
    }

    // ---- TANGO requests and responses ----------------------------------------------------------------------------

    @Test
    void aTangoRequestBecomesAnOipRequestAndBack() {
        TangoRequest tango = TangoRequest.builder()
                .input("x", Tensor.ofFloats(new float[] {1f, 2f}, 1, 2))
                .input("rows", List.of(List.of(1, 2), List.of(3, 4)))
                .parameter("top_k", 3)
                .build();

        OipInferenceRequest oip = OipInferenceRequest.of(tango);

        assertThat(oip.inputs()).containsExactly(OipTensor.of("x", Tensor.ofFloats(new float[] {1f, 2f}, 1, 2)),
                OipTensor.of("rows", Tensor.ofLongs(new long[] {1, 2, 3, 4}, 2, 2)));
        assertThat(oip.toTangoRequest().inputs()).containsOnlyKeys("x", "rows");
        assertThat(oip.toTangoRequest().parameters()).isEqualTo(Map.of("top_k", 3));
    }

    @Test
    void aTangoInputThatIsNoTensorIsRefusedByName() {
        assertThatThrownBy(() -> OipInferenceRequest.of(TangoRequest.of(Map.of("m", Map.of("a", 1)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'm' is a map; OIP carries tensors: a Tensor, nested lists or a scalar");
        assertThatThrownBy(() -> OipInferenceRequest.of(TangoRequest.of(Map.of("r", List.of(List.of(1), List.of(1, 2))))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'r' is not a tensor: ragged array: $[1] has 2 elements where $[0] has 1");
    }

    @Test
    void aTangoParameterThatIsNoScalarIsRefusedByName() {
        TangoRequest tango = TangoRequest.builder().input("x", Tensor.ofInts(new int[] {1}, 1))
                .parameter("classes", List.of("a", "b")).build();

        assertThatThrownBy(() -> OipInferenceRequest.of(tango))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request parameter 'classes' is a list; a parameter is a string, a number or a boolean");
    }

    @Test
    void anAnswerCarriesTheRequestedOutputsInTheirOrderAndTheRequestId() {
        OipInferenceRequest asked = new OipInferenceRequest(Optional.of("9"), Map.of(), List.of(),
                List.of(OipRequestedOutput.named("p"), OipRequestedOutput.named("y")));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("y", Tensor.ofInts(new int[] {1}, 1));
        outputs.put("p", List.of(0.25, 0.75));
        outputs.put("unasked", Tensor.ofInts(new int[] {0}, 1));

        OipInferenceResponse answer = OipInferenceResponse.answer(asked, TangoResponse.of(outputs), "m", Optional.of("2"));

        assertThat(answer).isEqualTo(new OipInferenceResponse("m", Optional.of("2"), Optional.of("9"), Map.of(),
                List.of(OipTensor.of("p", Tensor.ofDoubles(new double[] {0.25, 0.75}, 2)),
                        OipTensor.of("y", Tensor.ofInts(new int[] {1}, 1)))));
    }

    @Test
    void aRequestedOutputTheModelDoesNotGiveIsNamed() {
        OipInferenceRequest asked = new OipInferenceRequest(Optional.empty(), Map.of(), List.of(),
                List.of(OipRequestedOutput.named("y"), OipRequestedOutput.named("z")));

        assertThatThrownBy(() -> asked.select(Map.of("y", Tensor.ofInts(new int[] {1}, 1))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("outputs[1].name 'z' is not an output of the model; it has [y]");
    }

    // ---- model metadata and errors -------------------------------------------------------------------------------

    @Test
    void modelMetadataIsASignatureWithVariableDimensionsKept() {
        OipModelMetadata metadata = OipJson.readModelMetadata("""
                {"name": "simple", "versions": ["1", "2"], "platform": "onnx_onnxv1",
                 "inputs": [{"name": "x", "datatype": "UINT8", "shape": [-1, 28, 28]}],
                 "outputs": [{"name": "y", "datatype": "BF16", "shape": [-1]}, {"name": "l", "datatype": "BYTES", "shape": []}]}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(metadata).isEqualTo(new OipModelMetadata("simple", List.of("1", "2"), "onnx_onnxv1",
                new ModelSignature(List.of(FieldSpec.of("x", DataType.UINT8, -1, 28, 28)),
                        List.of(FieldSpec.of("y", DataType.BFLOAT16, -1), FieldSpec.of("l", DataType.STRING)))));
        assertThat(OipJson.readModelMetadata(OipJson.writeModelMetadata(metadata))).isEqualTo(metadata);
    }

    @Test
    void modelMetadataWithoutVersionsPlatformOrTensorsIsReadAsEmpty() {
        OipModelMetadata metadata = OipJson.readModelMetadata("{\"name\": \"iris\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(metadata).isEqualTo(new OipModelMetadata("iris", List.of(), "", ModelSignature.UNKNOWN));
        assertThat(text(OipJson.writeModelMetadata(metadata)))
                .isEqualTo("{\"name\":\"iris\",\"platform\":\"\",\"inputs\":[],\"outputs\":[]}");
    }

    @Test
    void modelMetadataErrorsNameTheirPath() {
        assertThatThrownBy(() -> OipJson.readModelMetadata("""
                {"name": "m", "inputs": [{"name": "x", "datatype": "FP32", "shape": [-2]}]}
                """.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("inputs[0].shape[0] is -2; a dimension is an integer >= -1");
        assertThatThrownBy(() -> OipJson.readModelMetadata("{\"name\": \"m\", \"versions\": [1]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("versions[0] is 1; it must be a string");
        assertThatThrownBy(() -> OipJson.readModelMetadata("{\"versions\": []}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("name is missing");
    }

    @Test
    void serverMetadataNamesItsExtensions() {
        OipServerMetadata triton = OipJson.readServerMetadata("""
                {"name": "triton", "version": "2.51.0", "extensions": ["classification", "binary_tensor_data"]}
                """.getBytes(StandardCharsets.UTF_8));
        OipServerMetadata mlserver = OipJson.readServerMetadata("{\"name\": \"mlserver\", \"version\": \"1.7.1\", \"extensions\": []}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(triton.advertisesBinaryData()).isTrue();
        assertThat(mlserver.advertisesBinaryData()).isFalse();
        assertThat(OipJson.readServerMetadata(OipJson.writeServerMetadata(triton))).isEqualTo(triton);
        assertThatThrownBy(() -> OipJson.readServerMetadata("{\"name\": \"x\", \"extensions\": [1]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("extensions[0] is 1; it must be a string");
    }

    @Test
    void theErrorBodyIsWrittenAndReadBack() {
        assertThat(text(OipJson.writeError("bad \"x\""))).isEqualTo("{\"error\":\"bad \\\"x\\\"\"}");
        assertThat(OipJson.readError(OipJson.writeError("bad"))).contains("bad");
        assertThat(OipJson.readError("{\"detail\": []}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OipJson.readError("<html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OipJson.readError(new byte[0])).isEmpty();
    }

    // ---- malformed requests ----------------------------------------------------------------------------------------

    @Test
    void shapeAndDataCountsMustAgree() {
        assertRefused(oneInput("FP32", "[2, 3]", "[1, 2, 3, 4, 5]"), "inputs[0].shape [2, 3] needs 6 elements, data has 5");
        assertRefused(oneInput("FP32", "[2]", "[[1, 2], [3]]"), "inputs[0].shape [2] needs 2 elements, data has 3");
    }

    @Test
    void anElementOfTheWrongKindIsNamedByItsPath() {
        assertRefused(oneInput("UINT8", "[3]", "[1, \"x\", 3]"),
                "inputs[0].data[1] is \"x\"; a UINT8 element is an integer from 0 to 255");
        assertRefused(oneInput("INT32", "[2, 2]", "[[1, 2], [3, 4.5]]"),
                "inputs[0].data[1][1] is 4.5; an INT32 element is an integer from -2147483648 to 2147483647");
        assertRefused(oneInput("BOOL", "[1]", "[1]"), "inputs[0].data[0] is 1; a BOOL element is true or false");
        assertRefused(oneInput("BYTES", "[1]", "[7]"), "inputs[0].data[0] is 7; a BYTES element is a string");
        assertRefused(oneInput("FP64", "[1]", "[\"one\"]"), "inputs[0].data[0] is \"one\"; an FP64 element is a number");
        assertRefused(oneInput("FP32", "[1]", "[null]"), "inputs[0].data[0] is null; an FP32 element is a number");
    }

    @Test
    void anIntegerOutsideItsDatatypesRangeIsRefused() {
        assertRefused(oneInput("UINT8", "[1]", "[256]"), "inputs[0].data[0] is 256; a UINT8 element is an integer from 0 to 255");
        assertRefused(oneInput("INT8", "[1]", "[-129]"), "inputs[0].data[0] is -129; an INT8 element is an integer from -128 to 127");
        assertRefused(oneInput("UINT64", "[1]", "[18446744073709551616]"),
                "inputs[0].data[0] is 18446744073709551616; a UINT64 element is an integer from 0 to 18446744073709551615");
        assertRefused(oneInput("UINT32", "[1]", "[-1]"), "inputs[0].data[0] is -1; a UINT32 element is an integer from 0 to 4294967295");
        assertThat(request(oneInput("UINT64", "[1]", "[18446744073709551615]")).inputs().get(0).tensor().toNestedList())
                .isEqualTo(List.of(new BigInteger("18446744073709551615")));
    }

    @Test
    void badShapesAreRefused() {
        assertRefused(oneInput("FP32", "[-1]", "[1]"), "inputs[0].shape[0] is -1; a dimension is an integer >= 0");
        assertRefused(oneInput("FP32", "[2.5]", "[1]"), "inputs[0].shape[0] is 2.5; a dimension is an integer >= 0");
        assertRefused(oneInput("FP32", "3", "[1]"), "inputs[0].shape is 3; it must be an array of integers");
        assertRefused(oneInput("FP32", "[4294967296, 4294967296]", "[]"),
                "inputs[0].shape [4294967296, 4294967296] has more than 2147483647 elements, more than one tensor holds");
        assertRefused("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"data\": [1]}]}", "inputs[0].shape is missing");
    }

    @Test
    void anEmptyDimensionNeedsNoData() {
        assertThat(request(oneInput("FP32", "[0, 4294967296]", "[]")).inputs().get(0).tensor().size()).isZero();
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        assertRefused("{}", "inputs is missing");
        assertRefused("{\"inputs\": {}}", "inputs is an object; it must be an array");
        assertRefused("{\"inputs\": [7]}", "inputs[0] is 7; it must be a JSON object");
        assertRefused("{\"inputs\": [{\"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}", "inputs[0].name is missing");
        assertRefused("{\"inputs\": [{\"name\": 5, \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}",
                "inputs[0].name is 5; it must be a string");
        assertRefused("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1]}]}",
                "inputs[0].data is missing (and it has no parameters.binary_data_size)");
        assertRefused("{\"id\": 42, \"inputs\": []}", "id is 42; it must be a string");
        assertRefused("{\"inputs\": [], \"outputs\": [\"y\"]}", "outputs[0] is \"y\"; it must be a JSON object");
        assertRefused("{\"inputs\": [], \"outputs\": [{\"name\": \"y\"}, {\"name\": \"y\"}]}", "outputs[1].name 'y' is given twice");
    }

    @Test
    void anUnknownDatatypeListsTheKnownOnes() {
        assertRefused(oneInput("FLOAT32", "[1]", "[1]"), "inputs[0].datatype 'FLOAT32' is not an OIP datatype; the"
                + " datatypes are BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES, BF16");
    }

    @Test
    void twoInputsOfOneNameAreRefused() {
        assertRefused("{\"inputs\": [" + "{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]},"
                + "{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [2]}]}", "inputs[1].name 'x' is given twice");
    }

    @Test
    void aParameterMustBeAScalar() {
        assertRefused("{\"parameters\": {\"p\": [1]}, \"inputs\": []}",
                "parameters.p is an array of 1; a parameter is a string, a number or a boolean");
        assertRefused("{\"parameters\": 3, \"inputs\": []}", "parameters is 3; it must be a JSON object");
    }

    @Test
    void binaryDataInAPlainJsonBodyIsRefused() {
        assertRefused("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1],"
                        + " \"parameters\": {\"binary_data_size\": 4}}]}",
                "inputs[0].parameters.binary_data_size is given, but the body has no binary data: a binary tensor needs"
                        + " the Inference-Header-Content-Length header and its bytes after the JSON");
        assertRefused("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1],"
                        + " \"parameters\": {\"binary_data_size\": 4}}]}",
                "inputs[0] has both data and parameters.binary_data_size; a tensor is given one way");
    }

    @Test
    void malformedJsonIsRefusedAsSuch() {
        assertThatThrownBy(() -> request("{\"inputs\": [")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("the inference request is not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> request("{\"inputs\": [], \"inputs\": []}")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("the inference request is not valid JSON: Duplicate field 'inputs'");
        assertThatThrownBy(() -> request("{\"inputs\": []} {}")).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("the inference request is not valid JSON: Trailing token");
        assertRefused("", "the inference request is empty; it must be a JSON object");
        assertRefused("[]", "the inference request is an array of 0; it must be a JSON object");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> request(oneInput("FP32", "[1]", deep))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("the inference request is refused before it is read: Document nesting depth (101) exceeds"
                        + " the maximum allowed (100, from `StreamReadConstraints.getMaxNestingDepth()`)");
    }

    @Test
    void aHugeNameIsCutShortInTheMessage() {
        String name = "n".repeat(100_000);
        String input = "{\"name\": \"" + name + "\", \"datatype\": \"INT8\", \"shape\": [1], \"data\": [1]}";

        assertRefused("{\"inputs\": [" + input + ", " + input + "]}",
                "inputs[1].name '" + "n".repeat(40) + "…' is given twice");
    }

    @Test
    void dataNestedAsDeepAsNumpysLargestRankIsRead() {
        String shape = "[" + "1, ".repeat(63) + "1]";
        String data = "[".repeat(64) + "2.5" + "]".repeat(64);

        assertThat(request(oneInput("FP32", shape, data)).inputs().get(0).tensor().toFloatArray()).containsExactly(2.5f);
    }
}
