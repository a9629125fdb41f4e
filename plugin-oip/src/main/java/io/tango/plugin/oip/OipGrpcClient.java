package io.tango.plugin.oip;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.tango.api.InvalidRequestException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipServerMetadata;
import io.tango.toolkit.oip.OipStatus;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import io.tango.toolkit.oip.grpc.ModelMetadataRequest;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ModelReadyRequest;
import io.tango.toolkit.oip.grpc.ServerLiveRequest;
import io.tango.toolkit.oip.grpc.ServerMetadataRequest;
import io.tango.toolkit.oip.grpc.ServerReadyRequest;
import io.tango.toolkit.redact.Redactor;
import io.tango.toolkit.text.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * {@link OipClient} over OIP's gRPC API ({@code inference.GRPCInferenceService}): grpc-java blocking stubs on one
 * plaintext Netty channel, each call with the deadline {@link HttpSettings#requestTimeout()} (past it:
 * {@link OperationTimeoutException}) and answers capped at {@link HttpSettings#maxResponseSize()} bytes. Tensors go
 * in {@code raw_input_contents} and are read from {@code raw_output_contents} or typed contents, by the toolkit's
 * {@link OipProto}; status codes become typed errors by the toolkit's {@link OipStatus} table, after the servers'
 * deviations (Triton's INVALID_ARGUMENT for an unknown model, MLServer's for a model not ready, KServe's
 * UNIMPLEMENTED for versions). Calls are not retried. The specification's gRPC API has no repository extension.
 * Credentials (a bearer token) go as call metadata ({@code authorization: Bearer <token>}) on this client's channel
 * only, and are masked in any status description the server sends back.
 * Thread-safe; {@link #close()} shuts the channel down.
 */
final class OipGrpcClient implements OipClient {
    private final URI server;
    private final String service;
    private final HttpSettings settings;
    private final Redactor redactor;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    private OipGrpcClient(URI server, HttpSettings settings, HttpAuth auth, ManagedChannel channel) {
        this.server = server;
        this.service = OipServerAddress.describe(server);
        this.settings = settings;
        this.redactor = Redactor.of(auth.secrets());
        this.channel = channel;
        this.stub = auth.header()
                .map(header -> GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(header))))
                .orElseGet(() -> GRPCInferenceServiceGrpc.newBlockingStub(channel));
    }

    /** @return the header as gRPC metadata (whose keys are lower case) */
    private static Metadata metadata(HttpAuth.Header header) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of(header.name().toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                header.value());
        return metadata;
    }

    /**
     * @param server {@code grpc://<host>:<port>}
     * @param settings the deadline of each call and the answer size cap
     * @param auth what every call sends to authenticate ({@link HttpAuth#none()} for nothing)
     * @return a client on a new channel (connected on first call)
     */
    static OipGrpcClient connect(URI server, HttpSettings settings, HttpAuth auth) {
        requireNonNull(server, "server is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(auth, "auth is null");
        ManagedChannel channel = NettyChannelBuilder.forAddress(server.getHost(), server.getPort())
                .usePlaintext()
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, settings.maxResponseSize()))
                .withOption(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .build();
        return new OipGrpcClient(server, settings, auth, channel);
    }

    @Override
    public URI server() {
        return server;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public boolean serverLive() {
        return call("ServerLive", "the server", false, stub -> stub.serverLive(ServerLiveRequest.getDefaultInstance())).getLive();
    }

    @Override
    public boolean serverReady() {
        return call("ServerReady", "the server", false, stub -> stub.serverReady(ServerReadyRequest.getDefaultInstance())).getReady();
    }

    @Override
    public OipServerMetadata serverMetadata() {
        return OipProto.readServerMetadata(call("ServerMetadata", "the server", false,
                stub -> stub.serverMetadata(ServerMetadataRequest.getDefaultInstance())));
    }

    @Override
    public OipModelDocument modelMetadata(String model, Optional<String> version) {
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        ModelMetadataResponse message = call("ModelMetadata", OipErrors.subject(model, version), version.isPresent(),
                stub -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(model)
                        .setVersion(version.orElse("")).build()));
        try {
            return new OipModelDocument(OipProto.readModelMetadata(message), document(message));
        } catch (InvalidRequestException e) {
            throw notOip("ModelMetadata", e);
        }
    }

    /** @return the message in the REST document's field names, as native metadata */
    private static Map<String, Object> document(ModelMetadataResponse message) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", message.getName());
        if (message.getVersionsCount() > 0) {
            document.put("versions", List.copyOf(message.getVersionsList()));
        }
        document.put("platform", message.getPlatform());
        document.put("inputs", tensors(message.getInputsList()));
        document.put("outputs", tensors(message.getOutputsList()));
        if (message.getPropertiesCount() > 0) {
            document.put("properties", new LinkedHashMap<>(message.getPropertiesMap()));
        }
        return document;
    }

    private static List<Map<String, Object>> tensors(List<ModelMetadataResponse.TensorMetadata> tensors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModelMetadataResponse.TensorMetadata tensor : tensors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", tensor.getName());
            entry.put("datatype", tensor.getDatatype());
            entry.put("shape", List.copyOf(tensor.getShapeList()));
            list.add(entry);
        }
        return list;
    }

    @Override
    public boolean modelReady(String model, Optional<String> version) {
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        try {
            return call("ModelReady", OipErrors.subject(model, version), version.isPresent(),
                    stub -> stub.modelReady(ModelReadyRequest.newBuilder().setName(model)
                            .setVersion(version.orElse("")).build())).getReady();
        } catch (InvalidRequestException e) {
            return false; // MLServer answers a model that is not ready with INVALID_ARGUMENT
        } catch (RemoteServiceException e) {
            if (e.isRetriable()) {
                return false; // KServe: UNAVAILABLE
            }
            throw e;
        }
    }

    @Override
    public OipInferenceResponse infer(String model, Optional<String> version, OipInferenceRequest request) {
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        requireNonNull(request, "request is null");
        var message = OipProto.writeRequest(model, version, request, OipProto.Encoding.RAW);
        ModelInferResponse answer = call("ModelInfer", OipErrors.subject(model, version), version.isPresent(),
                stub -> stub.modelInfer(message));
        try {
            return OipProto.readResponse(answer);
        } catch (InvalidRequestException e) {
            throw notOip("ModelInfer", e);
        }
    }

    @Override
    public List<Map<String, Object>> repositoryIndex() {
        throw noRepository();
    }

    @Override
    public void load(String model) {
        throw noRepository();
    }

    @Override
    public void unload(String model) {
        throw noRepository();
    }

    private UnsupportedTangoOperationException noRepository() {
        return new UnsupportedTangoOperationException(service + ": the Open Inference Protocol's gRPC API has no"
                + " repository extension; use the server's REST base URL for index, load and unload");
    }

    private <T> T call(String rpc, String subject, boolean versioned,
            Function<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub, T> call) {
        Duration timeout = settings.requestTimeout();
        try {
            return call.apply(stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            throw fail(rpc, subject, versioned, timeout, e);
        }
    }

    private TangoException fail(String rpc, String subject, boolean versioned, Duration timeout, StatusRuntimeException e) {
        io.grpc.Status status = e.getStatus();
        if (status.getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
            return new OperationTimeoutException(service + " did not answer " + rpc + " within "
                    + Durations.format(timeout), timeout, e);
        }
        String raw = status.getDescription() == null ? "" : status.getDescription().strip();
        StatusRuntimeException cause = withoutSecrets(e, raw);
        if (status.getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED && raw.contains("exceeds maximum size")) {
            // This client's own cap, not the server's overload: retrying gets the same answer.
            return new RemoteServiceException(service, null, status.getCode().name(), false, "the answer to " + rpc
                    + " is over the size cap of " + settings.maxResponseSize() + " bytes; raise the option "
                    + HttpOptions.MAX_RESPONSE_SIZE.key() + " to accept it", cause);
        }
        // Masked before it is cut, so that no part of an echoed token shows.
        String description = redactor.excerpt(raw, 2000);
        OipStatus kind = OipErrors.ofGrpc(status.getCode().value(), description, versioned);
        if (status.getCode() == io.grpc.Status.Code.UNAVAILABLE && status.getCause() != null && description.isEmpty()) {
            description = "cannot reach it: " + status.getCause().getClass().getSimpleName();
        }
        return OipErrors.toException(kind, service, null, status.getCode().name(), rpc, subject, description, cause);
    }

    /** @return the exception, or a copy whose description has the secrets and URL passwords it showed masked */
    private StatusRuntimeException withoutSecrets(StatusRuntimeException e, String description) {
        String masked = redactor.mask(description);
        if (masked.equals(description)) {
            return e;
        }
        StatusRuntimeException copy = e.getStatus().withDescription(masked).asRuntimeException();
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private RemoteServiceException notOip(String rpc, InvalidRequestException e) {
        return new RemoteServiceException(service, null, null, false, "the answer to " + rpc + " is not valid OIP: "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OipGrpcClient[" + server + "]";
    }
}
