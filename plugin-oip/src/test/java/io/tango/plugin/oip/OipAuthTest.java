package io.tango.plugin.oip;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tango.api.InvalidConfigException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.plugin.oip.ScriptedOipServer.Answer;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.logging.CapturedLogs;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelMetadataRequest;
import io.tango.toolkit.oip.grpc.ModelMetadataResponse;
import io.tango.toolkit.oip.grpc.ServerLiveRequest;
import io.tango.toolkit.oip.grpc.ServerLiveResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configured {@code token} goes to the server of {@code base_url} only, as {@code Authorization: Bearer} over REST
 * and as metadata {@code authorization: Bearer} over gRPC; a server a model key names elsewhere gets nothing, and the
 * token shows in no message, log line (TRACE included) or {@code toString()}, even when a server echoes it.
 */
class OipAuthTest {
    private static final String TOKEN = "s3cr3t-oip-token-5e19";
    private static final String METADATA = """
            {"name": "m", "platform": "scripted", "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 2]}],
             "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 2]}]}""";

    private ScriptedOipServer rest;
    private ScriptedOipServer otherRest;
    private Server grpc;
    private Server otherGrpc;
    private final List<String> grpcAuthorizations = new CopyOnWriteArrayList<>();
    private final List<String> otherGrpcAuthorizations = new CopyOnWriteArrayList<>();
    private CapturedLogs logs;

    @BeforeEach
    void start() throws IOException {
        rest = ScriptedOipServer.start();
        otherRest = ScriptedOipServer.start();
        for (ScriptedOipServer server : List.of(rest, otherRest)) {
            server.on("GET /v2/models/m", Answer.json(200, METADATA))
                    .on("GET /v2/models/secured", Answer.json(401, "{\"error\": \"bad credentials: Bearer " + TOKEN + "\"}"));
        }
        grpc = grpcServer(grpcAuthorizations);
        otherGrpc = grpcServer(otherGrpcAuthorizations);
        logs = CapturedLogs.atTrace();
    }

    @AfterEach
    void stop() throws InterruptedException {
        logs.close();
        rest.close();
        otherRest.close();
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        otherGrpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Records the authorization metadata of every call. ServerLive answers live unless the call carried a token, which
     * it then refuses with UNAUTHENTICATED, echoing the metadata in the description.
     */
    private static Server grpcServer(List<String> seen) throws IOException {
        Metadata.Key<String> authorization = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                    ServerCallHandler<Q, A> next) {
                String value = headers.get(authorization);
                seen.add(String.valueOf(value));
                if (value != null && call.getMethodDescriptor().getBareMethodName().equals("ServerLive")) {
                    call.close(Status.UNAUTHENTICATED.withDescription("bad credentials: " + value), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return next.startCall(call, headers);
            }
        };
        var service = new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
            @Override
            public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
                answer.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
                answer.onCompleted();
            }

            @Override
            public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
                answer.onError(Status.NOT_FOUND.withDescription("Model " + request.getName() + " not found")
                        .asRuntimeException());
            }
        };
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recorder))
                .build().start();
    }

    private static URI grpcUri(Server server) {
        return URI.create("grpc://127.0.0.1:" + server.getPort());
    }

    private String logText() {
        return String.join("\n", logs.texts());
    }

    /**
     * @return the loggers of the captured events that show the token. grpc-netty's HTTP/2 frame loggers print every
     *     header at DEBUG, metadata included, and no channel option turns that off; the README says to keep io.grpc
     *     at INFO. Every other logger must stay clean.
     */
    private Set<String> loggersShowingTheToken() {
        return logs.events().stream()
                .filter(event -> event.getFormattedMessage().contains(TOKEN)
                        || event.getThrowableProxy() != null && event.getThrowableProxy().getMessage() != null
                        && event.getThrowableProxy().getMessage().contains(TOKEN))
                .map(event -> event.getLoggerName())
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void sendsTheTokenAsABearerHeaderToTheRestServerOfBaseUrl() {
        try (ModelFinder finder = TestComponents.create(new OipModelFinderFactory(), rest.uri(), "token", TOKEN)) {
            assertThat(finder.find(ModelKey.of("oip:/m"))).isPresent();
        }
        assertThat(rest.received()).extracting(received -> received.header("Authorization"))
                .containsExactly("Bearer " + TOKEN);
    }

    @Test
    void neverSendsTheTokenToARestServerThatAModelKeyNames() {
        try (ModelFinder finder = TestComponents.create(new OipModelFinderFactory(), rest.uri(), "token", TOKEN)) {
            assertThat(finder.find(ModelKey.of("oip://127.0.0.1:" + otherRest.uri().getPort() + "/m"))).isPresent();
        }
        assertThat(otherRest.received()).hasSize(1);
        assertThat(otherRest.last().header("Authorization")).isNull();
        assertThat(rest.received()).isEmpty();
    }

    @Test
    void masksATokenTheRestServerEchoesInAnError() {
        try (OipRegistryConnector registry = (OipRegistryConnector) TestComponents.create(
                new OipRegistryConnectorFactory(), rest.uri(), "token", TOKEN)) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("secured")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("OIP server at " + rest.uri() + " answered HTTP 401: bad credentials: Bearer ****"
                            + " (GET /v2/models/secured, model 'secured')")
                    .hasMessageNotContaining(TOKEN);
            assertThat(registry.toString()).doesNotContain(TOKEN);
        }
        assertThat(rest.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(logs.events()).isNotEmpty();
        assertThat(logText()).doesNotContain(TOKEN);
    }

    @Test
    void sendsTheTokenAsAuthorizationMetadataToTheGrpcServerOfBaseUrl() {
        try (OipRegistryConnector registry = (OipRegistryConnector) TestComponents.create(
                new OipRegistryConnectorFactory(), grpcUri(grpc), "token", TOKEN)) {
            assertThatThrownBy(registry::serverLive)
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("OIP server at " + grpcUri(grpc) + " answered UNAUTHENTICATED: bad credentials:"
                            + " Bearer **** (ServerLive, the server)")
                    .hasMessageNotContaining(TOKEN)
                    .satisfies(error -> assertThat(causeTexts(error)).doesNotContain(TOKEN));
            assertThat(registry.toString()).doesNotContain(TOKEN);
        }
        assertThat(grpcAuthorizations).containsExactly("Bearer " + TOKEN);
        assertThat(loggersShowingTheToken())
                .isSubsetOf("io.grpc.netty.NettyClientHandler", "io.grpc.netty.NettyServerHandler");
    }

    @Test
    void neverSendsTheTokenToAGrpcServerThatAModelKeyNames() {
        try (ModelFinder finder = TestComponents.create(new OipModelFinderFactory(), grpcUri(grpc), "token", TOKEN);
             OipRegistryConnector registry = (OipRegistryConnector) TestComponents.create(
                     new OipRegistryConnectorFactory(), grpcUri(otherGrpc))) {
            assertThat(finder.find(ModelKey.of("oip+grpc://127.0.0.1:" + otherGrpc.getPort() + "/m"))).isEmpty();
            assertThat(registry.serverLive()).isTrue();
        }
        assertThat(otherGrpcAuthorizations).containsExactly("null", "null");
        assertThat(grpcAuthorizations).isEmpty();
    }

    @Test
    void refusesATokenWithoutABaseUrlNamingItsPathWithoutShowingIt() {
        String path = "model_management.initializers.oip.config";
        assertThatThrownBy(() -> new OipModelInitializerFactory().create(
                MapTangoConfig.of(path, Map.of("token", TOKEN), Set.of("token")), "oip"))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(path + ".token: is sent only to the server of base_url: set base_url too")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void refusesABlankTokenNamingItsPath() {
        String path = "model_management.registries.oip.config";
        assertThatThrownBy(() -> new OipRegistryConnectorFactory().create(MapTangoConfig.of(path,
                Map.of("base_url", rest.uri().toString(), "token", " "), Set.of("base_url", "token")), "oip"))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(path + ".token: must be non-blank text without control characters");
    }

    private static String causeTexts(Throwable error) {
        StringBuilder texts = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            texts.append(cause).append('\n');
        }
        return texts.toString();
    }
}
