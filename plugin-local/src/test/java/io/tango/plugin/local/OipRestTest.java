package io.tango.plugin.local;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Tensor;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipDatatype;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.oip.OipRequestedOutput;
import io.tango.toolkit.oip.OipTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.local.OipAnswers.assertError;
import static io.tango.plugin.local.OipAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol's REST API and MLflow's scoring protocol on one port serving two local deployments: a
 * linear ONNX model with known weights ({@code y = x1 + 2 x2 + 3 x3 + 0.5}, store version 1) and a model trained on
 * iris.
 */
class OipRestTest {
    private static final int LIMIT = 64 * 1024;
    private static final String LINEAR_INFER = "/v2/models/linear/infer";
    private static final String ROWS = "{\"id\": \"r-1\", \"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], \"datatype\": \"FP32\","
            + " \"data\": [1, 1, 1, 0, 0, 1]}]}";

    @TempDir
    static Path root;

    private static LocalDeploymentClient client;
    private static URI url;

    @BeforeAll
    static void serveTwoDeploymentsOnOnePort() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "linear");
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 16, LIMIT), Clock.systemUTC());
        url = client.createDeployment("linear", "linear", Optional.empty(), Map.of("serve", "true")).url().orElseThrow();
        client.createDeployment("iris", "iris", Optional.empty(), Map.of("serve", "true", "port", Integer.toString(url.getPort())));
        try {
            Path half = Files.write(root.resolve("half.onnx"), Fixtures.castOnnx(TensorProto.DataType.FLOAT16, 2));
            client.createDeployment("half", half.toString(), Optional.empty(),
                    Map.of("serve", "true", "port", Integer.toString(url.getPort())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static HttpResponse<String> post(String path, String body) {
        return Http.post(url, path, "application/json", body);
    }

    private static OipInferenceRequest linearRequest(Map<String, Object> parameters, List<OipRequestedOutput> outputs) {
        Tensor x = Tensor.ofFloats(new float[] {1, 1, 1, 0, 0, 1}, 2, 3);
        return new OipInferenceRequest(Optional.of("b-1"), parameters, List.of(OipTensor.of("x", x)), outputs);
    }

    // ---- server ----------------------------------------------------------------------------------------------------

    @Test
    void serverMetadataNamesTangoAndAdvertisesBinaryDataAndTheRepository() {
        HttpResponse<String> response = Http.get(url, "/v2");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = json(response.body());
        assertThat(metadata.get("name").asText()).isEqualTo("tango");
        assertThat(metadata.get("version").asText()).isNotBlank();
        assertThat(metadata.get("extensions").toString()).isEqualTo("[\"binary_tensor_data\",\"model_repository\"]");
    }

    @Test
    void liveAnswers200WithLiveTrue() {
        HttpResponse<String> response = Http.get(url, "/v2/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"live\":true}");
    }

    @Test
    void readyAnswers200WhenEveryDeploymentIsLoaded() {
        HttpResponse<String> response = Http.get(url, "/v2/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ready\":true}");
    }

    @Test
    void anUnknownEndpointIs404InOipShape() {
        assertError(Http.get(url, "/v2/statistics"), 404, "no OIP endpoint /v2/statistics; this server has /v2,"
                + " /v2/health/live, /v2/health/ready, /v2/models/{name}[/versions/{version}][/ready|/infer],"
                + " /v2/repository/index and /v2/repository/models/{name}/load|unload");
    }

    @Test
    void aWrongMethodIs405InOipShape() {
        assertError(Http.get(url, LINEAR_INFER), 405, "method GET is not allowed on /v2/models/linear/infer; use POST");
    }

    // ---- models ----------------------------------------------------------------------------------------------------

    @Test
    void modelMetadataComesFromTheSignatureWithTheStoreVersion() {
        HttpResponse<String> response = Http.get(url, "/v2/models/linear");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"name": "linear", "versions": ["1"], "platform": "onnx_onnxv1",
                 "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 3]}],
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 1]}]}"""));
    }

    @Test
    void modelMetadataOfItsStoreVersionIsTheSame() {
        HttpResponse<String> response = Http.get(url, "/v2/models/linear/versions/1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json(Http.get(url, "/v2/models/linear").body()));
    }

    @Test
    void anotherVersionIs404() {
        assertError(Http.get(url, "/v2/models/linear/versions/2"), 404,
                "model 'linear' has no version '2'; it is served at version '1'");
    }

    @Test
    void anUnknownModelIs404NamingTheServedOnes() {
        assertError(Http.get(url, "/v2/models/nope"), 404, "model 'nope' is not served here; this server serves [half, iris, linear]");
    }

    @Test
    void modelReadyAnswers200ForALoadedDeployment() {
        HttpResponse<String> response = Http.get(url, "/v2/models/iris/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"name\":\"iris\",\"ready\":true}");
    }

    @Test
    void modelReadyOfAnUnknownModelIs404() {
        assertError(Http.get(url, "/v2/models/nope/versions/1/ready"), 404,
                "model 'nope' is not served here; this server serves [half, iris, linear]");
    }

    // ---- inference -------------------------------------------------------------------------------------------------

    @Test
    void infersJsonAndEchoesTheId() {
        HttpResponse<String> response = post(LINEAR_INFER, ROWS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(response.body())).isEqualTo(json("""
                {"model_name": "linear", "model_version": "1", "id": "r-1",
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [2, 1], "data": [6.5, 3.5]}]}"""));
    }

    @Test
    void aRequestWithoutIdIsAnsweredWithoutId() {
        HttpResponse<String> response = post(LINEAR_INFER,
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [[2, 0, 0]]}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"model_name": "linear", "model_version": "1",
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [1, 1], "data": [2.5]}]}"""));
    }

    @Test
    void infersOnTheStoreVersionPath() {
        HttpResponse<String> response = post("/v2/models/linear/versions/1/infer", ROWS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json(post(LINEAR_INFER, ROWS).body()));
    }

    @Test
    void answersOnlyTheRequestedOutputs() {
        HttpResponse<String> response = post("/v2/models/iris/infer", """
                {"inputs": [{"name": "sepal_length", "shape": [2], "datatype": "FP64", "data": [5.1, 6.7]},
                            {"name": "sepal_width", "shape": [2], "datatype": "FP64", "data": [3.5, 3.0]},
                            {"name": "petal_length", "shape": [2], "datatype": "FP64", "data": [1.4, 5.2]},
                            {"name": "petal_width", "shape": [2], "datatype": "FP64", "data": [0.2, 2.3]}],
                 "outputs": [{"name": "label"}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                {"model_name": "iris", "model_version": "1",
                 "outputs": [{"name": "label", "datatype": "BYTES", "shape": [2], "data": ["setosa", "virginica"]}]}"""));
    }

    @Test
    void anOutputTheModelDoesNotGiveIs400() {
        assertError(post(LINEAR_INFER, "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\","
                + " \"data\": [1, 2, 3]}], \"outputs\": [{\"name\": \"z\"}]}"), 400,
                "outputs[0].name 'z' is not an output of the model; it has [y]");
    }

    @Test
    void malformedJsonIs400() {
        assertError(post(LINEAR_INFER, "{\"inputs\": ["), 400, "the inference request is not valid JSON: Unexpected"
                + " end-of-input: expected close marker for Array (start marker at [Source: REDACTED"
                + " (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 12])");
    }

    @Test
    void anInputTheModelDoesNotDeclareIs400NamingEveryProblem() {
        assertError(post(LINEAR_INFER,
                "{\"inputs\": [{\"name\": \"w\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}"), 400,
                "the request does not fit model 'linear': inputs[0] 'w' is not an input of the model."
                        + " It takes [x FP32 [-1, 3]]");
    }

    @Test
    void aDatatypeOtherThanTheDeclaredOneIs400() {
        assertError(post(LINEAR_INFER,
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP64\", \"data\": [1, 2, 3]}]}"), 400,
                "the request does not fit model 'linear': inputs[0] 'x' is FP64 but the model takes FP32. It takes [x FP32 [-1, 3]]");
    }

    @Test
    void aShapeOtherThanTheDeclaredOneIs400() {
        assertError(post(LINEAR_INFER,
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}"), 400,
                "the request does not fit model 'linear': inputs[0] 'x' has shape [3] but the model takes [-1, 3] (-1: any size)."
                        + " It takes [x FP32 [-1, 3]]");
    }

    @Test
    void anUnknownModelsInferenceIs404() {
        assertError(post("/v2/models/nope/infer", ROWS), 404, "model 'nope' is not served here; this server serves [half, iris, linear]");
    }

    @Test
    void aBodyOverTheCapIs413InOipShape() {
        assertError(post(LINEAR_INFER, " ".repeat(LIMIT + 1)), 413, "the request body is larger than the limit of 65536 bytes");
    }

    // ---- binary tensor data extension --------------------------------------------------------------------------

    @Test
    void readsABinaryRequest() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(linearRequest(Map.of(), List.of()), input -> true);

        HttpResponse<byte[]> response = Http.postBytes(url, LINEAR_INFER, body.bytes(),
                "Content-Type", OipBinaryExtension.CONTENT_TYPE, OipBinaryExtension.HEADER, Integer.toString(body.headerLength()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(OipBinaryExtension.HEADER)).isEmpty();
        assertThat(json(response.body())).isEqualTo(json("""
                {"model_name": "linear", "model_version": "1", "id": "b-1",
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [2, 1], "data": [6.5, 3.5]}]}"""));
    }

    @Test
    void answersBinaryWhenTheRequestAsksForBinaryDataOutput() {
        byte[] json = OipJson.writeRequest(linearRequest(Map.of("binary_data_output", true), List.of()));

        HttpResponse<byte[]> response = Http.postBytes(url, LINEAR_INFER, json, "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OipBinaryExtension.CONTENT_TYPE);
        long headerLength = Long.parseLong(response.headers().firstValue(OipBinaryExtension.HEADER).orElseThrow());
        OipInferenceResponse answer = OipBinaryExtension.readResponse(response.body(), headerLength);
        assertThat(answer.outputs()).hasSize(1);
        assertThat(answer.outputs().get(0).tensor()).isEqualTo(Tensor.ofFloats(new float[] {6.5f, 3.5f}, 2, 1));
        assertThat(json(Arrays.copyOf(response.body(), (int) headerLength)).get("outputs").get(0)
                .get("parameters").toString()).isEqualTo("{\"binary_data_size\":8}");
    }

    @Test
    void answersBinaryForAnOutputAskedWithBinaryData() {
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(
                linearRequest(Map.of(), List.of(OipRequestedOutput.binary("y"))), input -> true);

        HttpResponse<byte[]> response = Http.postBytes(url, LINEAR_INFER, body.bytes(),
                OipBinaryExtension.HEADER, Integer.toString(body.headerLength()));

        assertThat(response.statusCode()).isEqualTo(200);
        long headerLength = Long.parseLong(response.headers().firstValue(OipBinaryExtension.HEADER).orElseThrow());
        OipInferenceResponse answer = OipBinaryExtension.readResponse(response.body(), headerLength);
        assertThat(answer.id()).contains("b-1");
        assertThat(answer.outputs().get(0).tensor()).isEqualTo(Tensor.ofFloats(new float[] {6.5f, 3.5f}, 2, 1));
    }

    @Test
    void answersAnFp16OutputBinaryEvenUnasked() {
        HttpResponse<byte[]> response = Http.postBytes(url, "/v2/models/half/infer", ("{\"inputs\": [{\"name\": \"x\","
                + " \"shape\": [1, 2], \"datatype\": \"FP32\", \"data\": [1.5, -2]}]}").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OipBinaryExtension.CONTENT_TYPE);
        OipInferenceResponse answer = OipBinaryExtension.readResponse(response.body(),
                Long.parseLong(response.headers().firstValue(OipBinaryExtension.HEADER).orElseThrow()));
        assertThat(answer.outputs().get(0).datatype()).isEqualTo(OipDatatype.FP16);
        assertThat(answer.outputs().get(0).tensor().shape()).containsExactly(1L, 2L);
        assertThat(answer.outputs().get(0).tensor().toFloatArray()).containsExactly(1.5f, -2f);
    }

    @Test
    void aHeaderLengthPastTheBodyIs400() {
        byte[] json = ROWS.getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> response = Http.postBytes(url, LINEAR_INFER, json,
                OipBinaryExtension.HEADER, Integer.toString(json.length + 1));

        assertError(response, 400, "Inference-Header-Content-Length is " + (json.length + 1) + " but the body has " + json.length
                        + " bytes; it must be between 0 and the body's length");
    }

    @Test
    void aHeaderLengthThatIsNotANumberIs400() {
        HttpResponse<byte[]> response = Http.postBytes(url, LINEAR_INFER, ROWS.getBytes(StandardCharsets.UTF_8),
                OipBinaryExtension.HEADER, "ten");

        assertError(response, 400,
                "Inference-Header-Content-Length is 'ten'; it must be the length of the JSON part of the body in bytes");
    }

    // ---- repository index ------------------------------------------------------------------------------------------

    @Test
    void repositoryIndexListsEveryDeploymentWithVersionAndState() {
        HttpResponse<String> response = post("/v2/repository/index", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("""
                [{"name": "half", "state": "READY"}, {"name": "iris", "version": "1", "state": "READY"},
                 {"name": "linear", "version": "1", "state": "READY"}]"""));
    }

    // ---- MLflow's scoring protocol beside OIP --------------------------------------------------------------------

    @Test
    void invocationsByNameReachesEachDeployment() {
        HttpResponse<String> linearByName = post("/invocations/linear", "{\"inputs\": {\"x\": [[1, 1, 1]]}}");
        HttpResponse<String> iris = post("/invocations/iris", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");

        assertThat(linearByName.statusCode()).isEqualTo(200);
        assertThat(json(linearByName.body())).isEqualTo(json("{\"predictions\": [[6.5]]}"));
        assertThat(iris.statusCode()).isEqualTo(200);
        assertThat(json(iris.body()).get("predictions").get("label").toString()).isEqualTo("[\"setosa\"]");
    }

    @Test
    void invocationsWithoutANameReachesTheFirstDeploymentOnThePort() {
        HttpResponse<String> response = Http.invoke(url, "{\"inputs\": {\"x\": [[1, 1, 1]]}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("{\"predictions\": [[6.5]]}"));
    }

    @Test
    void invocationsOfAnUnknownDeploymentIs404InMlflowShape() {
        HttpResponse<String> response = post("/invocations/nope", "{\"inputs\": {\"x\": [[1, 1, 1]]}}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body())).isEqualTo(json("{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\":"
                + " \"model 'nope' is not served here; this server serves [half, iris, linear]\"}"));
    }
}
