package io.tango.plugin.oip;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.Tensor;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipTensor;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelReadyRequest;
import io.tango.toolkit.oip.grpc.ModelReadyResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the gRPC client makes of the status codes and odd answers a server may give, played by a grpc-java server on
 * 127.0.0.1 whose answers each test scripts: every call ends within its deadline, status codes become the same typed
 * errors as over REST, and answers whose raw contents lie are refused.
 */
class OipGrpcAnswersTest {
    private Server server;
    private volatile BiConsumer<ModelInferRequest, StreamObserver<ModelInferResponse>> infer;
    private volatile BiConsumer<ModelReadyRequest, StreamObserver<ModelReadyResponse>> ready;
    private OipServers servers;
    private OipClient client;
    private String service;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                    @Override
                    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
                        infer.accept(request, answer);
                    }

                    @Override
                    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
                        ready.accept(request, answer);
                    }
                })
                .build().start();
        URI address = URI.create("grpc://127.0.0.1:" + server.getPort());
        service = "OIP server at " + address;
        servers = servers(Duration.ofSeconds(30));
        client = servers.client(address);
    }

    private static OipServers servers(Duration timeout) {
        return new OipServers(new HttpSettings(Duration.ofSeconds(5), timeout, RetrySettings.NONE, 1 << 16),
                OipBinaryMode.AUTO, "grpc-answers");
    }

    @AfterEach
    void stop() throws InterruptedException {
        servers.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static OipInferenceRequest request() {
        return new OipInferenceRequest(Optional.empty(), java.util.Map.of(),
                List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2))), List.of());
    }

    private void failWith(Status status) {
        infer = (request, answer) -> answer.onError(status.asRuntimeException());
    }

    @Test
    void invalidArgumentIsAnInvalidRequestWithTheServersMessage() {
        failWith(Status.INVALID_ARGUMENT.withDescription("unexpected shape for input 'x'"));

        assertThatThrownBy(() -> client.infer("m", Optional.empty(), request()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage(service + ": refused the request for model 'm' (INVALID_ARGUMENT to ModelInfer): unexpected"
                        + " shape for input 'x'");
    }

    @Test
    void notFoundIsAMissingModelOrVersion() {
        failWith(Status.NOT_FOUND.withDescription("Model m with version 3 not found"));

        assertThatThrownBy(() -> client.infer("m", Optional.of("3"), request()))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessage(service + ": no model 'm' version '3' (NOT_FOUND to ModelInfer: Model m with version 3 not found)");
    }

    @Test
    void unavailableIsRetriableAndReadsAsNotReady() {
        failWith(Status.UNAVAILABLE.withDescription("Model m is not ready"));
        ready = (request, answer) -> answer.onError(Status.UNAVAILABLE.withDescription("loading").asRuntimeException());

        assertThatThrownBy(() -> client.infer("m", Optional.empty(), request()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        assertThat(client.modelReady("m", Optional.empty())).isFalse();
    }

    @Test
    void anUnimplementedVersionIsAMissingVersion() {
        failWith(Status.UNIMPLEMENTED.withDescription("Model versioning not supported yet."));

        assertThatThrownBy(() -> client.infer("m", Optional.of("1"), request()))
                .isExactlyInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void rawOutputContentsThatDisagreeWithTheShapeAreRefused() {
        infer = (request, answer) -> {
            answer.onNext(ModelInferResponse.newBuilder().setModelName("m")
                    .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("y").setDatatype("FP32")
                            .addShape(1).addShape(3))
                    .addRawOutputContents(ByteString.copyFrom(new byte[8]))
                    .build());
            answer.onCompleted();
        };

        assertThatThrownBy(() -> client.infer("m", Optional.empty(), request()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageStartingWith(service + " failed: the answer to ModelInfer is not valid OIP: ")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
    }

    @Test
    void anAnswerPastTheSizeCapIsNotRetriable() {
        infer = (request, answer) -> {
            answer.onNext(ModelInferResponse.newBuilder().setModelName("m").setId("x".repeat(1 << 17)).build());
            answer.onCompleted();
        };

        assertThatThrownBy(() -> client.infer("m", Optional.empty(), request()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageEndingWith("the answer to ModelInfer is over the size cap of 65536 bytes; raise the option"
                        + " max_response_size to accept it")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
    }

    @Test
    void aServerThatNeverAnswersEndsWithinTheDeadline() {
        ready = (request, answer) -> {
            answer.onNext(ModelReadyResponse.newBuilder().setReady(true).build());
            answer.onCompleted();
        };
        infer = (request, answer) -> { };
        try (OipServers quick = servers(Duration.ofSeconds(2))) {
            OipClient impatient = quick.client(client.server());
            assertThat(impatient.modelReady("m", Optional.empty())).isTrue(); // connected: the deadline is the call's
            Instant start = Instant.now();

            assertThatThrownBy(() -> impatient.infer("m", Optional.empty(), request()))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + " did not answer ModelInfer within 2s");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(2).plusSeconds(5));
        }
    }

    @Test
    void aServerThatIsGoneIsARetriableRemoteError() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

        assertThatThrownBy(() -> client.serverLive())
                .isExactlyInstanceOf(RemoteServiceException.class)
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
    }
}
