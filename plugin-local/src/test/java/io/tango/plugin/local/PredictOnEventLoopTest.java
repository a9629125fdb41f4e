package io.tango.plugin.local;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServedModel;
import io.tango.plugin.local.server.ServedModels;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipTensor;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code predict_on: event_loop}: the model call of a request runs on the Netty event loop that read it, over the
 * MLflow protocol, OIP REST and gRPC, and the answers are those of the default dispatch on the workers.
 */
class PredictOnEventLoopTest {
    private static final String MLFLOW = "{\"inputs\": {\"x\": [[1.0, 2.0, 3.0], [0.5, 0.25, 0.125]]}}";
    private static final String OIP = """
            {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [1.0, 2.0, 3.0, 0.5, 0.25, 0.125]}]}""";

    @TempDir
    static Path root;

    private static ExplainableTangoModel<?, ?> linear;
    private static final Set<String> callers = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void load() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "linear");
        ModelDescriptor descriptor = new LocalModelFinder(store, "test").find(ModelKey.of("linear")).orElseThrow();
        linear = Fixtures.loader().load(descriptor);
    }

    @AfterAll
    static void close() {
        linear.close();
    }

    @BeforeEach
    void forget() {
        callers.clear();
    }

    /** The linear model, noting the name of every thread that calls it. */
    private static final LoadedModel RECORDING = new LoadedModel() {
        @Override
        public ModelDescriptor descriptor() {
            return linear.descriptor();
        }

        @Override
        public TangoResponse predict(TangoRequest request, WorkingSession session) {
            callers.add(Thread.currentThread().getName());
            return linear.predict(request, session);
        }

        @Override
        public void close() {}
    };

    private static ScoringServer serve(String name, boolean onEventLoop) {
        ServedModel served = new ServedModel(name, Optional.of(linear.descriptor()), true, Optional.empty());
        ServedModels models = new ServedModels() {
            @Override
            public Optional<String> defaultName() {
                return Optional.of(name);
            }

            @Override
            public List<ServedModel> models() {
                return List.of(served);
            }

            @Override
            public ServedModel model(String model) {
                return served;
            }

            @Override
            public LoadedModel acquire(String model) {
                return RECORDING;
            }

            @Override
            public void load(String model) {}

            @Override
            public void unload(String model) {}
        };
        return ScoringServer.start(name, models,
                new ServingSettings("127.0.0.1", 2, 8, 1 << 16).withPredictOnEventLoop(onEventLoop), 0, OptionalInt.of(0));
    }

    @Test
    void theMlflowProtocolPredictsOnTheEventLoopAndAnswersAsTheWorkersDo() {
        String onWorkers;
        try (ScoringServer server = serve("pool", false)) {
            onWorkers = Http.invoke(server.url(), MLFLOW).body();
        }
        assertThat(callers).allMatch(thread -> thread.startsWith("tango-serve-pool-worker-"));
        callers.clear();

        try (ScoringServer server = serve("inline", true)) {
            HttpResponse<String> answer = Http.invoke(server.url(), MLFLOW);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(onWorkers).isEqualTo("{\"predictions\":[[14.5],[1.875]]}");
        }
        assertThat(callers).singleElement().asString().startsWith("tango-serve-inline-io-");
    }

    @Test
    void oipRestPredictsOnTheEventLoop() {
        try (ScoringServer server = serve("inline", true)) {
            HttpResponse<String> answer = Http.post(server.url(), "/v2/models/inline/infer", "application/json", OIP);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"data\":[14.5,1.875]");
        }
        assertThat(callers).singleElement().asString().startsWith("tango-serve-inline-io-");
    }

    @Test
    void grpcPredictsOnTheEventLoop() throws InterruptedException {
        try (ScoringServer server = serve("inline", true)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort().orElseThrow())
                    .usePlaintext().build();
            try {
                OipInferenceRequest request = new OipInferenceRequest(Optional.empty(), Map.of(),
                        List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 2, 3, 0.5f, 0.25f, 0.125f}, 2, 3))),
                        List.of());
                ModelInferResponse answer = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .modelInfer(OipProto.writeRequest("inline", Optional.empty(), request, OipProto.Encoding.RAW));

                ByteBuffer y = answer.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                assertThat(new float[] {y.getFloat(0), y.getFloat(4)}).containsExactly(14.5f, 1.875f);
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        assertThat(callers).singleElement().asString().startsWith("tango-serve-inline-io-");
    }
}
