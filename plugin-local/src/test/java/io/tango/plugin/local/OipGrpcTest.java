package io.tango.plugin.local;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipModelMetadata;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipRequestedOutput;
import io.tango.toolkit.oip.OipServerMetadata;
import io.tango.toolkit.oip.OipTensor;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataRequest;
import io.tango.toolkit.oip.grpc.ModelReadyRequest;
import io.tango.toolkit.oip.grpc.ServerLiveRequest;
import io.tango.toolkit.oip.grpc.ServerMetadataRequest;
import io.tango.toolkit.oip.grpc.ServerReadyRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The Open Inference Protocol's gRPC service beside the HTTP port, called with grpc-java: two deployments of a linear
 * ONNX model with known weights ({@code y = x1 + 2 x2 + 3 x3 + 0.5}, store version 1), {@code linear} and {@code b},
 * sharing one HTTP port and one gRPC port.
 */
class OipGrpcTest {
    private static final int LIMIT = 64 * 1024;
    private static final String NOT_SERVED = "model 'nope' is not served here; this server serves [b, linear]";

    @TempDir
    static Path root;

    private static LocalDeploymentClient client;
    private static URI url;
    private static int grpcPort;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void serveOverGrpc() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "linear");
        Fixtures.saveLinear(store, "b");
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 16, LIMIT), Clock.systemUTC());
        Deployment linear = client.createDeployment("linear", "linear", Optional.empty(),
                Map.of("serve", "true", "grpc_port", "0"));
        url = linear.url().orElseThrow();
        grpcPort = Integer.parseInt(linear.details().get("grpc_port"));
        client.createDeployment("b", "b", Optional.empty(),
                Map.of("serve", "true", "port", Integer.toString(url.getPort()), "grpc_port", Integer.toString(grpcPort)));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        client.close();
    }

    private static GRPCInferenceServiceBlockingStub call() {
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static OipInferenceRequest rows(List<OipRequestedOutput> outputs) {
        return new OipInferenceRequest(Optional.of("g-1"), Map.of(),
                List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 1, 1, 0, 0, 1}, 2, 3))), outputs);
    }

    private static ModelInferRequest infer(String model, OipInferenceRequest request, OipProto.Encoding encoding) {
        return OipProto.writeRequest(model, Optional.empty(), request, encoding);
    }

    private static void assertStatus(Runnable call, Status.Code code, String description) {
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(error).isNotNull();
        assertThat(error.getStatus().getCode()).isEqualTo(code);
        assertThat(error.getStatus().getDescription()).isEqualTo(description);
    }

    @Test
    void bothDeploymentsShareTheGrpcPortOnLoopback() {
        assertThat(client.getDeployment("b").details()).containsEntry("grpc_port", Integer.toString(grpcPort));
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void serverLiveIsTrue() {
        assertThat(call().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    }

    @Test
    void serverReadyIsTrueWhenEveryDeploymentIsLoaded() {
        assertThat(call().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }

    @Test
    void modelReadyIsTrueForALoadedDeployment() {
        assertThat(call().modelReady(ModelReadyRequest.newBuilder().setName("linear").setVersion("1").build()).getReady()).isTrue();
    }

    @Test
    void modelReadyOfAnUnknownModelIsNotFound() {
        assertStatus(() -> call().modelReady(ModelReadyRequest.newBuilder().setName("nope").build()), Status.Code.NOT_FOUND,
                NOT_SERVED);
    }

    @Test
    void serverMetadataNamesTangoAndItsExtensions() {
        OipServerMetadata metadata = OipProto.readServerMetadata(call().serverMetadata(ServerMetadataRequest.getDefaultInstance()));

        assertThat(metadata.name()).isEqualTo("tango");
        assertThat(metadata.extensions()).containsExactly("binary_tensor_data", "model_repository");
    }

    @Test
    void modelMetadataComesFromTheSignature() {
        OipModelMetadata metadata = OipProto.readModelMetadata(
                call().modelMetadata(ModelMetadataRequest.newBuilder().setName("linear").build()));

        assertThat(metadata).isEqualTo(new OipModelMetadata("linear", List.of("1"), "onnx_onnxv1", new ModelSignature(
                List.of(FieldSpec.of("x", DataType.FLOAT32, -1, 3)), List.of(FieldSpec.of("y", DataType.FLOAT32, -1, 1)))));
    }

    @Test
    void modelMetadataOfAnotherVersionIsNotFound() {
        assertStatus(() -> call().modelMetadata(ModelMetadataRequest.newBuilder().setName("linear").setVersion("2").build()),
                Status.Code.NOT_FOUND, "model 'linear' has no version '2'; it is served at version '1'");
    }

    @Test
    void infersWithTypedContentsAndAnswersTyped() {
        ModelInferResponse response = call().modelInfer(infer("linear", rows(List.of()), OipProto.Encoding.TYPED));

        assertThat(response.getRawOutputContentsCount()).isZero();
        assertThat(response.getModelName()).isEqualTo("linear");
        assertThat(response.getModelVersion()).isEqualTo("1");
        assertThat(response.getId()).isEqualTo("g-1");
        assertThat(response.getOutputs(0).getName()).isEqualTo("y");
        assertThat(response.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(response.getOutputs(0).getShapeList()).containsExactly(2L, 1L);
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(6.5f, 3.5f);
    }

    @Test
    void infersWithRawContentsAndAnswersRaw() {
        ModelInferResponse response = call().modelInfer(infer("b", rows(List.of()), OipProto.Encoding.RAW));

        assertThat(response.getRawOutputContentsCount()).isEqualTo(1);
        OipInferenceResponse answer = OipProto.readResponse(response);
        assertThat(answer.modelName()).isEqualTo("b");
        assertThat(answer.outputs()).containsExactly(OipTensor.of("y", Tensor.ofFloats(new float[] {6.5f, 3.5f}, 2, 1)));
    }

    @Test
    void infersOnTheStoreVersion() {
        ModelInferResponse response = call().modelInfer(
                OipProto.writeRequest("linear", Optional.of("1"), rows(List.of()), OipProto.Encoding.TYPED));

        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(6.5f, 3.5f);
    }

    @Test
    void anOutputTheModelDoesNotGiveIsInvalidArgument() {
        assertStatus(() -> call().modelInfer(infer("linear", rows(List.of(OipRequestedOutput.named("z"))), OipProto.Encoding.TYPED)),
                Status.Code.INVALID_ARGUMENT, "outputs[0].name 'z' is not an output of the model; it has [y]");
    }

    @Test
    void anInputTheModelDoesNotTakeIsInvalidArgument() {
        OipInferenceRequest request = new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("w", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))), List.of());

        assertStatus(() -> call().modelInfer(infer("linear", request, OipProto.Encoding.TYPED)), Status.Code.INVALID_ARGUMENT,
                "the request does not fit model 'linear': inputs[0] 'w' is not an input of the model."
                        + " It takes [x FP32 [-1, 3]]");
    }

    @Test
    void rawContentsThatDisagreeWithTheShapeAreInvalidArgument() {
        ModelInferRequest request = infer("linear", rows(List.of()), OipProto.Encoding.RAW).toBuilder()
                .setRawInputContents(0, ByteString.copyFrom(new byte[20])).build();

        assertStatus(() -> call().modelInfer(request), Status.Code.INVALID_ARGUMENT,
                "raw_input_contents[0] has 20 bytes but inputs[0].shape [2, 3] of FP32 needs 24 bytes");
    }

    @Test
    void anUnknownModelsInferenceIsNotFound() {
        assertStatus(() -> call().modelInfer(infer("nope", rows(List.of()), OipProto.Encoding.TYPED)), Status.Code.NOT_FOUND,
                NOT_SERVED);
    }

    @Test
    void aMessageOverTheRequestCapIsRefused() {
        float[] values = new float[3 * 6000];
        OipInferenceRequest request = new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("x", Tensor.ofFloats(values, 6000, 3))), List.of());

        ModelInferRequest message = infer("linear", request, OipProto.Encoding.RAW);

        assertStatus(() -> call().modelInfer(message), Status.Code.RESOURCE_EXHAUSTED,
                "gRPC message exceeds maximum size " + LIMIT + ": " + message.getSerializedSize());
    }

    @Test
    void anUnloadedModelIsUnavailable() {
        client.createDeployment("unloaded", "linear", Optional.empty(),
                Map.of("serve", "true", "port", Integer.toString(url.getPort()), "grpc_port", Integer.toString(grpcPort)));
        try {
            assertThat(Http.post(url, "/v2/repository/models/unloaded/unload", "application/json", "").statusCode()).isEqualTo(200);

            assertStatus(() -> call().modelInfer(infer("unloaded", rows(List.of()), OipProto.Encoding.TYPED)),
                    Status.Code.UNAVAILABLE, "deployment 'unloaded' is unloaded; load it again (POST /v2/repository/models/unloaded/load)");
        } finally {
            client.deleteDeployment("unloaded", Map.of());
        }
    }

    @Test
    void anUnloadedDeploymentIsNotReadyAndNeitherIsTheServer() {
        client.createDeployment("idle", "linear", Optional.empty(),
                Map.of("serve", "true", "port", Integer.toString(url.getPort()), "grpc_port", Integer.toString(grpcPort)));
        try {
            Http.post(url, "/v2/repository/models/idle/unload", "application/json", "");

            assertThat(call().modelReady(ModelReadyRequest.newBuilder().setName("idle").build()).getReady()).isFalse();
            assertThat(call().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
        } finally {
            client.deleteDeployment("idle", Map.of());
        }
    }

    @Test
    void closingTheClientStopsItsGrpcService(@TempDir Path other) {
        LocalModelStore store = new LocalModelStore(other);
        Fixtures.saveLinear(store, "c");
        int port;
        try (LocalDeploymentClient own = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 1, 4, LIMIT), Clock.systemUTC())) {
            port = Integer.parseInt(own.createDeployment("c", "c", Optional.empty(), Map.of("serve", "true", "grpc_port", "0"))
                    .details().get("grpc_port"));
        }
        ManagedChannel closed = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> GRPCInferenceServiceGrpc
                    .newBlockingStub(closed).withDeadlineAfter(10, TimeUnit.SECONDS).serverLive(ServerLiveRequest.getDefaultInstance()));

            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            closed.shutdownNow();
        }
    }
}
