package io.tango.plugin.oip;

import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.ModelServerProxy;
import io.tango.api.ModelSignature;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.api.job.JobPredictor;
import io.tango.plugin.local.LocalModelFinder;
import io.tango.plugin.local.LocalModelLoader;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.engine.onnx.OnnxModelEngine;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelDraft;
import io.tango.testkit.contract.JobPredictorContractTest;
import io.tango.testkit.contract.ModelFinderContractTest;
import io.tango.testkit.contract.ModelInitializerContractTest;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import io.tango.testkit.oip.OipPeerServer;
import io.tango.testkit.oip.TritonServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * plugin-oip against Triton 2.51 (PyTriton 0.7.0): its identity model, and {@value TritonServer#LINEAR}, an ONNX
 * model run by onnxruntime inside Triton. Also runs the testkit's finder, initializer, registry, model-server proxy
 * and job predictor contracts on this server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TritonOipClientTest extends RealOipServerTest {
    private static final String LINEAR = TritonServer.LINEAR;

    @Override
    OipPeerServer start(Path workDir) {
        return TritonServer.start(workDir);
    }

    static TangoRequest linearSample() {
        return TangoRequest.of(Map.of("x", List.of(List.of(1.0, 2.0, 3.0, 4.0))));
    }

    @Test
    void advertisesBinaryDataAndSendsAndAnswersEveryTensorWithItOverRest() {
        TangoRequest.Builder builder = TangoRequest.builder()
                .input("in_fp16", Tensor.ofFloats(DataType.FLOAT16, new float[] {1.5f, -2f, 0.25f, 65504f}, 2, 2));
        jsonSample().inputs().forEach(builder::input);
        TangoRequest request = builder.build();

        assertThat(rest.serverMetadata().advertisesBinaryData()).isTrue();
        assertThat(predict(model(initializer, restKey(IDENTITY)), request).outputs())
                .containsExactlyInAnyOrderEntriesOf(echoed(request));
    }

    @Test
    void runsTheOnnxModelOverRestAndGrpcAlike() {
        for (String key : List.of(restKey(LINEAR), grpcKey(LINEAR))) {
            Tensor y = (Tensor) predict(model(initializer, key), linearSample()).outputs().get("y");

            assertThat(y.shape()).containsExactly(1, 3);
            float[] values = y.toFloatArray();
            assertThat(values[0]).isCloseTo(2.25f, within(1e-5f));
            assertThat(values[1]).isCloseTo(1.85f, within(1e-5f));
            assertThat(values[2]).isCloseTo(3.75f, within(1e-5f));
        }
    }

    /**
     * The cross-check: the ONNX model Triton runs (in onnxruntime inside its Python backend) served by TANGO's
     * own OIP server too (plugin-local, REST and gRPC on one deployment) predicts the same, within float tolerance.
     */
    @Test
    void predictsAsTangoServingTheSameOnnxModelOverRestAndGrpc(@TempDir Path tangoHome) {
        LocalModelStore store = new LocalModelStore(tangoHome);
        store.save(LINEAR, Optional.empty(), directory -> {
            Files.copy(workDir.resolve("linear.onnx"), directory.resolve("model.onnx"));
            return new ModelDraft(OnnxModelEngine.NAME, "model.onnx", new ModelSignature(
                    List.of(FieldSpec.of("x", DataType.FLOAT32, -1, 4)), List.of(FieldSpec.of("y", DataType.FLOAT32, -1, 3))),
                    Map.of());
        }, () -> true);
        TangoRequest batch = TangoRequest.of(Map.of("x", Tensor.ofFloats(
                new float[] {1, 2, 3, 4, -0.5f, 0, 7.25f, 1e3f, 0.1f, 0.2f, 0.3f, 0.4f}, 3, 4)));
        float[] fromTriton = ((Tensor) predict(model(initializer, restKey(LINEAR)), batch).outputs().get("y")).toFloatArray();

        try (LocalDeploymentClient tango = new LocalDeploymentClient(store, new LocalModelFinder(store, "cross-check"),
                new LocalModelLoader(ModelEngines.discover(), EngineSettings.defaults()),
                new ServingSettings("127.0.0.1", 2, 16, 1 << 20), Clock.systemUTC())) {
            Deployment deployment = tango.createDeployment(LINEAR, LINEAR, Optional.empty(),
                    Map.of("serve", "true", "grpc_port", "0"));
            URI url = deployment.url().orElseThrow();
            String grpcPort = deployment.details().get("grpc_port");

            for (String key : List.of("oip://127.0.0.1:" + url.getPort() + "/" + LINEAR,
                    "oip+grpc://127.0.0.1:" + grpcPort + "/" + LINEAR)) {
                Tensor fromTango = (Tensor) predict(model(initializer, key), batch).outputs().get("y");

                assertThat(fromTango.shape()).containsExactly(3, 3);
                assertThat(fromTango.toFloatArray()).containsExactly(fromTriton, within(1e-4f));
            }
        }
    }

    @Test
    void describesTheBatchDimensionAndTheVersionAskedFor() {
        ModelDescriptor descriptor = find(restKey(LINEAR + "/versions/" + TritonServer.VERSION));

        assertThat(descriptor.signature().inputs().get(0).shape()).containsExactly(-1L, 4L);
        assertThat(descriptor.version()).contains(TritonServer.VERSION);
        assertThat(descriptor.metadata()).containsEntry("oip.versions", TritonServer.VERSION)
                .containsEntry("oip.platform", "python");
    }

    @Test
    void refusesADatatypeTheModelDoesNotTakeWithTheServersMessageOverBoth() {
        TangoRequest wrong = TangoRequest.builder().input("in_fp32", Tensor.ofInts(new int[] {1, 2}, 1, 2)).build();

        for (String key : List.of(restKey(IDENTITY), grpcKey(IDENTITY))) {
            assertThatThrownBy(() -> predict(model(unchecked, key), wrong))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageEndingWith("inference input 'in_fp32' data-type is 'INT32', but model 'identity' expects 'FP32'");
        }
    }

    /** Known deviation: model ready of an unknown model answers 400 "not ready", not 404, so it reads as not ready. */
    @Test
    void anUnknownModelReadsAsNotReady() {
        assertThat(rest.modelReady(ModelKey.of("no-such-model"))).isFalse();
        assertThat(grpc.modelReady(ModelKey.of("no-such-model"))).isFalse();
    }

    /**
     * Known deviations of the repository extension (the peer lifts PyTriton's default restriction to an access token,
     * which answers 403, a non-retriable {@link RemoteServiceException}): the index lists none of PyTriton's models,
     * an unloaded model reads as not ready and its metadata as not found, and it cannot be loaded again (500). Runs
     * last of this class's own tests and unloads {@value #IDENTITY}: the nested contracts use {@value #LINEAR} only.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void unloadsButCannotLoadAPyTritonModelAgainAndListsNone() {
        assertThat(rest.repositoryIndex()).isEmpty();

        rest.unload(ModelKey.of(IDENTITY));

        assertThat(rest.modelReady(ModelKey.of(IDENTITY))).isFalse();
        assertThatThrownBy(() -> rest.nativeMetadata(ModelKey.of(IDENTITY)))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> rest.load(ModelKey.of(IDENTITY)))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered HTTP 500")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        assertThat(rest.modelReady(ModelKey.of(LINEAR))).isTrue();
    }

    @Test
    void theGrpcApiHasNoRepositoryExtension() {
        assertThatThrownBy(() -> grpc.repositoryIndex())
                .isExactlyInstanceOf(io.tango.api.UnsupportedTangoOperationException.class)
                .hasMessage("OIP server at " + grpcUrl() + ": the Open Inference Protocol's gRPC API has no repository"
                        + " extension; use the server's REST base URL for index, load and unload");
    }

    @Nested
    class Finder extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return finder;
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of(restKey(LINEAR));
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of(restKey("no-such-model"));
        }
    }

    @Nested
    class Initializer extends ModelInitializerContractTest {
        @Override
        protected ModelInitializer initializer() {
            return initializer;
        }

        @Override
        protected ModelDescriptor supportedDescriptor() {
            return find(grpcKey(LINEAR));
        }

        @Override
        protected TangoRequest sampleRequest() {
            return linearSample();
        }

        /** y = W x + b of the peer's linear ONNX model as onnxruntime computes it in float32 (1.85 rounds to 1.8499999). */
        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("y", Tensor.ofFloats(new float[] {2.25f, 1.8499999f, 3.75f}, 1, 3))));
        }
    }

    @Nested
    class Registry extends ModelRegistryConnectorContractTest {
        @Override
        protected ModelRegistryConnector connector() {
            return rest;
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of(LINEAR);
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("no-such-model");
        }

        @Override
        protected String resourcePath() {
            return OipRegistryConnector.METADATA;
        }
    }

    @Nested
    class ServerProxy extends ModelServerProxyContractTest {
        private final ModelServerProxy proxy = own(TestComponents.create(new OipModelServerProxyFactory(),
                server.restBaseUrl(), "model", LINEAR));

        @Override
        protected ModelServerProxy proxy() {
            return proxy;
        }

        @Override
        protected Blob predictPayload() {
            return Blob.ofUtf8("application/json", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 4],"
                    + " \"data\": [1, 2, 3, 4]}]}");
        }

        /** Triton's own OIP answer, byte for byte: the model's version, and y = W x + b of the linear model. */
        @Override
        protected Optional<Blob> expectedAnswer(Blob payload) {
            return Optional.of(Blob.ofUtf8("application/json", "{\"model_name\":\"linear\",\"model_version\":\"1\","
                    + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[2.25,1.8499999046325684,3.75]}]}"));
        }

        /** Not "{not json": Triton answers a body that is not JSON with a 500, which reads as retriable. */
        @Override
        protected Blob malformedPayload() {
            return Blob.ofUtf8("application/json", "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 5],"
                    + " \"data\": [1, 2, 3, 4, 5]}]}");
        }
    }

    @Nested
    class Predictor extends JobPredictorContractTest {
        private final JobPredictor predictor = own(TestComponents.create(new OipJobPredictorFactory(), null));
        private final TangoModel<?, ?> linear = TritonOipClientTest.this.model(initializer, restKey(LINEAR));

        @Override
        protected JobPredictor predictor() {
            return predictor;
        }

        @Override
        protected String instanceName() {
            return "test";
        }

        @Override
        protected LoadedModel model() {
            return linear;
        }

        @Override
        protected TangoRequest request() {
            return linearSample();
        }
    }
}
