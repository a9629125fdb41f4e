package io.tango.plugin.local.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tango.api.CapacityExceededException;
import io.tango.plugin.local.batch.DynamicBatcher;
import io.tango.toolkit.oip.OipGrpcStatus;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipStatus;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataRequest;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ModelReadyRequest;
import io.tango.toolkit.oip.grpc.ModelReadyResponse;
import io.tango.toolkit.oip.grpc.ServerLiveRequest;
import io.tango.toolkit.oip.grpc.ServerLiveResponse;
import io.tango.toolkit.oip.grpc.ServerMetadataRequest;
import io.tango.toolkit.oip.grpc.ServerMetadataResponse;
import io.tango.toolkit.oip.grpc.ServerReadyRequest;
import io.tango.toolkit.oip.grpc.ServerReadyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The Open Inference Protocol's {@code GRPCInferenceService} over an {@link OipService}: ServerLive, ServerReady,
 * ModelReady, ServerMetadata, ModelMetadata and ModelInfer, with the toolkit's {@link OipProto} for the messages and
 * {@link OipGrpcStatus} for the errors (INVALID_ARGUMENT a bad request, NOT_FOUND an unknown model or version,
 * UNAVAILABLE not ready or overloaded). An empty {@code version} asks for the served one. ModelInfer answers in
 * {@code raw_output_contents} when the request came in {@code raw_input_contents}, in typed contents otherwise, and
 * runs on the server's bounded worker pool like every HTTP prediction; the other calls are answered at once.
 * Thread-safe.
 */
final class OipGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(OipGrpcService.class);

    private final OipService service;
    private final Executor workers;

    /**
     * @param service the protocol's core
     * @param workers where inferences run; a rejected one is answered UNAVAILABLE
     */
    OipGrpcService(OipService service, Executor workers) {
        this.service = requireNonNull(service, "service is null");
        this.workers = requireNonNull(workers, "workers is null");
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        respond(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        respond(answer, () -> ServerReadyResponse.newBuilder().setReady(service.serverReady()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        respond(answer, () -> ModelReadyResponse.newBuilder()
                .setReady(service.modelReady(request.getName(), version(request.getVersion()))).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        respond(answer, () -> OipProto.writeServerMetadata(service.serverMetadata()));
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        respond(answer, () -> OipProto.writeModelMetadata(service.modelMetadata(request.getName(), version(request.getVersion()))));
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        try {
            workers.execute(() -> infer(request, answer));
        } catch (RejectedExecutionException e) {
            answer.onError(OipGrpcStatus.toStatusException(new CapacityExceededException(
                    "the server is overloaded or shutting down: every worker is busy and the queue is full; retry later")));
        }
    }

    /** Answers at once, or when the request's batch has run: the worker is not held while it waits. */
    private void infer(ModelInferRequest message, StreamObserver<ModelInferResponse> answer) {
        OipProto.Encoding encoding = message.getRawInputContentsCount() > 0 ? OipProto.Encoding.RAW : OipProto.Encoding.TYPED;
        CompletableFuture<OipInferenceResponse> inferred;
        try {
            inferred = service.inferAsync(message.getModelName(), version(message.getModelVersion()), OipProto.readRequest(message));
        } catch (RuntimeException e) {
            inferred = CompletableFuture.failedFuture(e);
        }
        inferred.whenComplete((response, error) -> respond(answer, () -> {
            if (error != null) {
                throw DynamicBatcher.failure(error);
            }
            return OipProto.writeResponse(response, encoding);
        }));
    }

    private static <T> void respond(StreamObserver<T> answer, Supplier<T> work) {
        T response;
        try {
            response = work.get();
        } catch (RuntimeException e) {
            OipStatus status = OipErrors.status(e);
            if (status == OipStatus.INTERNAL) {
                log.warn("An OIP gRPC call failed", e);
            }
            answer.onError(Status.fromCode(OipGrpcStatus.code(status)).withDescription(
                    status == OipStatus.INTERNAL ? "the model failed: " + e.getMessage() : e.getMessage()).asRuntimeException());
            return;
        }
        answer.onNext(response);
        answer.onCompleted();
    }

    private static Optional<String> version(String version) {
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }
}
