package io.tango.plugin.oip;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;
import io.tango.plugin.oip.ScriptedOipServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What plugin-oip makes of the answers real OIP servers give, played by a scripted server: every datatype in the
 * metadata, the quirks of the research table (empty bodies on ready, generated ids, nulls, 422 {@code {"detail"}},
 * content_type parameters, 400 for unknown models and not-ready ones), binary both ways, and the typed errors.
 */
class OipQuirksTest {
    static final String METADATA = """
            {"name": "m", "versions": ["1", "2"], "platform": "onnx_onnxv1",
             "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 2]},
                        {"name": "label", "datatype": "BYTES", "shape": [-1]}],
             "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 2]},
                         {"name": "text", "datatype": "BYTES", "shape": [-1]}]}""";

    private ScriptedOipServer server;
    private String service;
    private ModelInitializer initializer;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedOipServer.start();
        service = "OIP server at " + server.uri();
        server.on("GET /v2", Answer.json(200, "{\"name\": \"scripted\", \"version\": \"1\", \"extensions\": []}"))
                .on("GET /v2/models/m", Answer.json(200, METADATA));
    }

    @AfterEach
    void stop() {
        if (initializer != null) {
            initializer.close();
        }
        server.close();
    }

    private ModelFinder finder(Object... more) {
        return TestComponents.create(new OipModelFinderFactory(), server.uri(), more);
    }

    private TangoModel<?, ?> model(Object... more) {
        try (ModelFinder finder = finder()) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("oip:/m")).orElseThrow();
            initializer = TestComponents.create(new OipModelInitializerFactory(), server.uri(), more);
            return initializer.initialize(descriptor).orElseThrow();
        }
    }

    private static TangoRequest request() {
        return TangoRequest.builder().input("x", List.of(List.of(1.5, 2.5))).input("label", List.of("a")).build();
    }

    @Test
    void describesEveryDatatypeWithItsTangoTypeAndKeepsVariableDimensions() {
        StringBuilder inputs = new StringBuilder();
        String[] wire = {"BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
                "FP32", "FP64", "BYTES", "BF16"};
        for (String datatype : wire) {
            inputs.append(inputs.isEmpty() ? "" : ",").append("{\"name\": \"").append(datatype.toLowerCase())
                    .append("\", \"datatype\": \"").append(datatype).append("\", \"shape\": [-1, 3]}");
        }
        server.on("GET /v2/models/all", Answer.json(200, "{\"name\": \"all\", \"platform\": \"python\", \"inputs\": ["
                + inputs + "], \"outputs\": []}"));

        try (ModelFinder finder = finder()) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("oip:/all")).orElseThrow();

            assertThat(descriptor.signature().inputs()).extracting(FieldSpec::type).containsExactly(DataType.BOOLEAN,
                    DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64, DataType.INT8, DataType.INT16,
                    DataType.INT32, DataType.INT64, DataType.FLOAT16, DataType.FLOAT32, DataType.FLOAT64,
                    DataType.STRING, DataType.BFLOAT16);
            assertThat(descriptor.signature().inputs()).allSatisfy(field -> assertThat(field.shape()).containsExactly(-1L, 3L));
            assertThat(descriptor.metadata()).containsEntry("oip.model", "all").containsEntry("oip.platform", "python")
                    .containsEntry("oip.transport", "rest");
        }
    }

    @Test
    void describesAVersionAskedForInTheKey() {
        server.on("GET /v2/models/m/versions/2", Answer.json(200, METADATA));

        try (ModelFinder finder = finder()) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("oip://127.0.0.1:" + server.uri().getPort() + "/m/versions/2"))
                    .orElseThrow();

            assertThat(descriptor.version()).contains("2");
            assertThat(descriptor.endpoint()).contains(server.uri());
            assertThat(descriptor.metadata()).containsEntry("oip.version", "2").containsEntry("oip.versions", "1,2");
        }
    }

    @Test
    void findsNothingForAnUnknownModelWhetherTheServerSays404OrTritons400() {
        server.on("GET /v2/models/gone", Answer.json(404, "{\"error\": \"Model gone not found\"}"))
                .on("GET /v2/models/unknown", Answer.json(400,
                        "{\"error\": \"Request for unknown model: 'unknown' is not found\"}"));

        try (ModelFinder finder = finder()) {
            assertThat(finder.find(ModelKey.of("oip:/gone"))).isEmpty();
            assertThat(finder.find(ModelKey.of("oip:/unknown"))).isEmpty();
            assertThat(finder.find(ModelKey.of("models:/m"))).isEmpty();
        }
    }

    @Test
    void aServerWithoutVersionsHasNoVersionedModel() {
        server.on("GET /v2/models/m/versions/1", Answer.json(501, "{\"error\": \"Model versioning not supported yet.\"}"));

        try (ModelFinder finder = finder()) {
            assertThat(finder.find(ModelKey.of("oip:/m/versions/1"))).isEmpty();
        }
    }

    @Test
    void sendsJsonAndReadsAnAnswerWithNullsAGeneratedIdAndContentTypeParameters() {
        server.on("POST /v2/models/m/infer", Answer.json(200, """
                {"model_name": "m", "model_version": null, "id": "5f0c-generated", "parameters": null,
                 "outputs": [{"name": "y", "datatype": "FP32", "shape": [1, 2], "data": [[3.0, 5.0]],
                              "parameters": {"content_type": "np"}},
                             {"name": "text", "datatype": "BYTES", "shape": [1], "data": ["b"], "parameters": null}]}"""));

        TangoResponse response = model().predict(request(), WorkingSession.none());

        assertThat(response.outputs()).containsOnlyKeys("y", "text");
        assertThat(((Tensor) response.outputs().get("y")).toFloatArray()).containsExactly(3.0f, 5.0f);
        assertThat(((Tensor) response.outputs().get("text")).strings()).containsExactly("b");
        assertThat(response.metadata()).containsEntry("model_name", "m").containsEntry("id", "5f0c-generated")
                .doesNotContainKey("model_version");
        ScriptedOipServer.Received sent = server.last();
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Inference-Header-Content-Length")).isNull();
        assertThat(sent.text()).contains("\"datatype\":\"FP32\"").contains("\"shape\":[1,2]");
    }

    @Test
    void sendsAndAsksForBinaryWhenTheServerAdvertisesTheExtension() {
        server.on("GET /v2", Answer.json(200, "{\"name\": \"triton\", \"version\": \"2.51.0\", \"extensions\":"
                + " [\"classification\", \"binary_tensor_data\", \"model_repository\"]}"));
        server.on("POST /v2/models/m/infer", Answer.binary("{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\","
                + " \"datatype\": \"FP32\", \"shape\": [1, 2], \"parameters\": {\"binary_data_size\": 8}}]}", floats(3f, 5f)));

        TangoResponse response = model().predict(request(), WorkingSession.none());

        assertThat(((Tensor) response.outputs().get("y")).toFloatArray()).containsExactly(3.0f, 5.0f);
        ScriptedOipServer.Received sent = server.last();
        int headerLength = Integer.parseInt(sent.header("Inference-Header-Content-Length"));
        String json = new String(sent.body(), 0, headerLength, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"binary_data_output\":true").contains("\"binary_data_size\":8");
        assertThat(sent.body()).hasSize(headerLength + 8 + 4 + 1);
    }

    @Test
    void neverSendsBinaryWhenConfiguredSoEvenToAServerThatAdvertisesIt() {
        server.on("GET /v2", Answer.json(200, "{\"name\": \"triton\", \"version\": \"2.51.0\", \"extensions\":"
                + " [\"binary_tensor_data\"]}"));
        server.on("POST /v2/models/m/infer", Answer.json(200, "{\"model_name\": \"m\", \"outputs\": []}"));

        model("binary", "never").predict(request(), WorkingSession.none());

        assertThat(server.last().header("Inference-Header-Content-Length")).isNull();
        assertThat(server.last().text()).doesNotContain("binary_data");
    }

    @Test
    void checksEveryInputAgainstTheMetadataBeforeSendingAndListsEveryProblem() {
        TangoModel<?, ?> model = model();
        int before = server.received().size();
        TangoRequest wrong = TangoRequest.builder()
                .input("x", Tensor.ofInts(new int[] {1, 2, 3}, 1, 3))
                .input("extra", List.of(1.0))
                .parameter("outputs", List.of("y", "nope"))
                .build();

        assertThatThrownBy(() -> model.predict(wrong, WorkingSession.none()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid request for model 'm' on " + service + ": input 'x' is INT32, the model takes FP32;"
                        + " input 'x' has shape [1, 3], the model takes [-1, 2] (-1: any size);"
                        + " input 'extra' is not an input of the model (its inputs: x, label);"
                        + " output 'nope' is not an output of the model (its outputs: y, text)");
        assertThat(server.received()).hasSize(before);
    }

    @Test
    void sendsTheRequestedOutputsAndRequestParameters() {
        server.on("POST /v2/models/m/infer", Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [{\"name\": \"text\","
                + " \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"b\"]}]}"));
        TangoRequest request = TangoRequest.builder().input("x", List.of(List.of(1.5, 2.5))).input("label", List.of("a"))
                .parameter("outputs", List.of("text")).parameter("priority", 2).build();

        TangoResponse response = model().predict(request, WorkingSession.none());

        assertThat(response.outputs()).containsOnlyKeys("text");
        assertThat(server.last().text()).contains("\"outputs\":[{\"name\":\"text\"").contains("\"parameters\":{\"priority\":2}");
    }

    @Test
    void aRefusalWithAnErrorBodyIsAnInvalidRequestWithTheServersMessage() {
        server.on("POST /v2/models/m/infer", Answer.json(400, "{\"error\": \"unexpected shape for input 'x'\"}"));

        assertThatThrownBy(() -> model("client_side_validation", false).predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(service + ": refused the request for model 'm' (HTTP 400 to POST /v2/models/m/infer):"
                        + " unexpected shape for input 'x'");
    }

    @Test
    void aValidationDetailOf422IsAnInvalidRequestWithEveryProblem() {
        server.on("POST /v2/models/m/infer", Answer.json(422, "{\"detail\": [{\"loc\": [\"body\", \"inputs\", 0,"
                + " \"datatype\"], \"msg\": \"value is not a valid enumeration member\"}, {\"loc\": [\"body\", \"id\"],"
                + " \"msg\": \"field required\"}]}"));

        assertThatThrownBy(() -> model().predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(service + ": refused the request for model 'm' (HTTP 422 to POST /v2/models/m/infer):"
                        + " body.inputs.0.datatype: value is not a valid enumeration member; body.id: field required");
    }

    @Test
    void aModelThatIsNotReadyIsARetriableRemoteError() {
        server.on("POST /v2/models/m/infer", Answer.json(503, "{\"error\": \"Model with name m is not ready.\"}"));

        assertThatThrownBy(() -> model().predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(service + " answered HTTP 503: model 'm' is not available now, try again later: Model with"
                        + " name m is not ready. (POST /v2/models/m/infer)")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
    }

    @Test
    void aModelThatDisappearedIsNotFound() {
        server.on("POST /v2/models/m/infer", Answer.json(404, "{\"error\": \"Model m not found\"}"));

        assertThatThrownBy(() -> model().predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessage(service + ": no model 'm' (HTTP 404 to POST /v2/models/m/infer: Model m not found)");
    }

    @Test
    void readsReadinessFromTheStatusWhateverTheBody() {
        server.on("GET /v2/health/live", Answer.json(200, "{\"live\": true}"))
                .on("GET /v2/health/ready", Answer.empty(200))
                .on("GET /v2/models/m/ready", Answer.empty(200))
                .on("GET /v2/models/loading/ready", Answer.empty(400))
                .on("GET /v2/models/starting/ready", Answer.json(503, "{\"error\": \"Model with name starting is not ready.\"}"))
                .on("GET /v2/models/gone/ready", Answer.json(404, "{\"error\": \"Model gone not found\"}"));

        try (OipRegistryConnector registry = (OipRegistryConnector) TestComponents.create(
                new OipRegistryConnectorFactory(), server.uri())) {
            assertThat(registry.serverLive()).isTrue();
            assertThat(registry.serverReady()).isTrue();
            assertThat(registry.modelReady(ModelKey.of("m"))).isTrue();
            assertThat(registry.modelReady(ModelKey.of("loading"))).isFalse();
            assertThat(registry.modelReady(ModelKey.of("starting"))).isFalse();
            assertThatThrownBy(() -> registry.modelReady(ModelKey.of("gone")))
                    .isExactlyInstanceOf(ModelNotFoundException.class);
        }
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }
}
