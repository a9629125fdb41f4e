package io.tango.plugin.local;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.local.batch.Batches;
import io.tango.plugin.local.batch.BatchingSettings;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.oip.OipProto;
import io.tango.toolkit.oip.OipTensor;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.ModelInferResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic batching end to end: the linear ONNX model ({@code y = x1 + 2 x2 + 3 x3 + 0.5}) deployed as {@code linear}
 * twice, on two stores and two servers, once without batching and once with {@code max_batch_size=64} and
 * {@code max_batch_delay=2000}; many concurrent callers of 1 to 5 distinct rows each get, over the MLflow protocol,
 * OIP REST JSON, OIP REST binary and gRPC, exactly the answer the server without batching gives, their own rows.
 */
class DynamicBatchingServingTest {
    private static final int LIMIT = 64 * 1024;
    private static final int CALLERS = 40;

    @TempDir
    static Path root;

    private static LocalDeploymentClient plain;
    private static LocalDeploymentClient batched;
    private static Served plainServer;
    private static Served batchedServer;

    private record Served(URI url, ManagedChannel channel) {
        ModelInferResponse infer(OipInferenceRequest request) {
            return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .modelInfer(OipProto.writeRequest("linear", Optional.empty(), request, OipProto.Encoding.RAW));
        }
    }

    @BeforeAll
    static void deployTwice() {
        plain = client("plain");
        batched = client("batched");
        plainServer = serve(plain, Map.of());
        batchedServer = serve(batched, Map.of("max_batch_size", "64", "max_batch_delay", "2000"));
    }

    private static LocalDeploymentClient client(String directory) {
        LocalModelStore store = new LocalModelStore(root.resolve(directory));
        Fixtures.saveLinear(store, "linear");
        return new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 64, LIMIT), Clock.systemUTC());
    }

    private static Served serve(LocalDeploymentClient client, Map<String, String> batching) {
        Map<String, String> config = new HashMap<>(batching);
        config.put("serve", "true");
        config.put("grpc_port", "0");
        Deployment deployment = client.createDeployment("linear", "linear", Optional.empty(), config);
        int grpcPort = Integer.parseInt(deployment.details().get("grpc_port"));
        return new Served(deployment.url().orElseThrow(),
                NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Served served : List.of(plainServer, batchedServer)) {
            served.channel().shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        plain.close();
        batched.close();
    }

    /** Caller {@code i}'s rows: 1 to 5 of them, each value distinct and exact in float. */
    private static float[][] rows(int caller) {
        float[][] rows = new float[1 + caller % 5][3];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 3; c++) {
                rows[r][c] = caller * 16 + r * 4 + c + 0.25f;
            }
        }
        return rows;
    }

    private static double[] expected(float[][] rows) {
        return Arrays.stream(rows).mapToDouble(row -> row[0] + 2.0 * row[1] + 3.0 * row[2] + 0.5).toArray();
    }

    private static Tensor tensor(float[][] rows) {
        float[] flat = new float[rows.length * 3];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * 3, 3);
        }
        return Tensor.ofFloats(flat, rows.length, 3);
    }

    private static OipInferenceRequest oip(int caller) {
        return new OipInferenceRequest(Optional.of("caller-" + caller), Map.of(), List.of(OipTensor.of("x", tensor(rows(caller)))),
                List.of());
    }

    private static String mlflow(float[][] rows) {
        StringBuilder body = new StringBuilder("{\"inputs\": {\"x\": [");
        for (int r = 0; r < rows.length; r++) {
            body.append(r == 0 ? "" : ", ").append(Arrays.toString(rows[r]));
        }
        return body.append("]}}").toString();
    }

    /** Runs every caller at once against both servers and gives back each caller's pair of answers. */
    private static <T> List<List<T>> concurrently(IntFunction<Callable<List<T>>> caller) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<T>>> answers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                Callable<List<T>> call = caller.apply(i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<List<T>> results = new ArrayList<>();
            for (Future<List<T>> answer : answers) {
                results.add(answer.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] predictions(String body) {
        List<Double> values = new ArrayList<>();
        OipAnswers.json(body).get("predictions").forEach(row -> values.add(row.get(0).asDouble()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] outputs(byte[] body) {
        List<Double> values = new ArrayList<>();
        OipAnswers.json(body).get("outputs").get(0).get("data").forEach(value -> values.add(value.asDouble()));
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void mlflowProtocolAnswersAreThoseWithoutBatchingEachCallersOwnRows() throws Exception {
        List<List<HttpResponse<String>>> answers = concurrently(i -> () -> List.of(
                Http.invoke(batchedServer.url(), mlflow(rows(i))), Http.invoke(plainServer.url(), mlflow(rows(i)))));

        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<String> batchedAnswer = answers.get(i).get(0);
            assertThat(batchedAnswer.statusCode()).isEqualTo(200);
            assertThat(batchedAnswer.body()).isEqualTo(answers.get(i).get(1).body());
            assertThat(predictions(batchedAnswer.body())).as("caller %s", i).containsExactly(expected(rows(i)));
        }
    }

    @Test
    void oipJsonAnswersAreThoseWithoutBatchingEachCallersOwnRows() throws Exception {
        List<List<HttpResponse<byte[]>>> answers = concurrently(i -> () -> {
            byte[] body = OipJson.writeRequest(oip(i));
            return List.of(Http.postBytes(batchedServer.url(), "/v2/models/linear/infer", body, "Content-Type", "application/json"),
                    Http.postBytes(plainServer.url(), "/v2/models/linear/infer", body, "Content-Type", "application/json"));
        });

        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<byte[]> batchedAnswer = answers.get(i).get(0);
            assertThat(batchedAnswer.statusCode()).isEqualTo(200);
            assertThat(new String(batchedAnswer.body(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(answers.get(i).get(1).body(), StandardCharsets.UTF_8));
            assertThat(OipAnswers.json(batchedAnswer.body()).get("id").asText()).isEqualTo("caller-" + i);
            assertThat(outputs(batchedAnswer.body())).as("caller %s", i).containsExactly(expected(rows(i)));
        }
    }

    @Test
    void oipBinaryAnswersAreThoseWithoutBatchingEachCallersOwnRows() throws Exception {
        List<List<HttpResponse<byte[]>>> answers = concurrently(i -> () -> {
            OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(oip(i), input -> true);
            String[] headers = {"Content-Type", OipBinaryExtension.CONTENT_TYPE, OipBinaryExtension.HEADER,
                    Integer.toString(body.headerLength())};
            return List.of(Http.postBytes(batchedServer.url(), "/v2/models/linear/infer", body.bytes(), headers),
                    Http.postBytes(plainServer.url(), "/v2/models/linear/infer", body.bytes(), headers));
        });

        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<byte[]> batchedAnswer = answers.get(i).get(0);
            assertThat(batchedAnswer.statusCode()).isEqualTo(200);
            assertThat(batchedAnswer.body()).isEqualTo(answers.get(i).get(1).body());
            assertThat(outputs(batchedAnswer.body())).as("caller %s", i).containsExactly(expected(rows(i)));
        }
    }

    @Test
    void grpcAnswersAreThoseWithoutBatchingEachCallersOwnRows() throws Exception {
        List<List<ModelInferResponse>> answers = concurrently(i -> () -> List.of(
                batchedServer.infer(oip(i)), plainServer.infer(oip(i))));

        for (int i = 0; i < CALLERS; i++) {
            ModelInferResponse batchedAnswer = answers.get(i).get(0);
            assertThat(batchedAnswer).isEqualTo(answers.get(i).get(1));
            assertThat(batchedAnswer.getId()).isEqualTo("caller-" + i);
            Tensor y = OipProto.readResponse(batchedAnswer).outputs().get(0).tensor();
            assertThat(y.toDoubleArray()).as("caller %s", i).containsExactly(expected(rows(i)));
        }
    }

    @Test
    void aBadRequestAmongConcurrentOnesFailsAloneAsItDoesWithoutBatching() throws Exception {
        String ragged = "{\"inputs\": {\"x\": [[1.25, 2.25, 3.25], [4.25, 5.25]]}}";
        List<List<HttpResponse<String>>> answers = concurrently(i -> () -> {
            String body = i % 8 == 3 ? ragged : mlflow(rows(i));
            return List.of(Http.invoke(batchedServer.url(), body), Http.invoke(plainServer.url(), body));
        });

        for (int i = 0; i < CALLERS; i++) {
            HttpResponse<String> batchedAnswer = answers.get(i).get(0);
            HttpResponse<String> plainAnswer = answers.get(i).get(1);
            assertThat(batchedAnswer.statusCode()).as("caller %s", i).isEqualTo(i % 8 == 3 ? 400 : 200);
            assertThat(batchedAnswer.statusCode()).isEqualTo(plainAnswer.statusCode());
            assertThat(batchedAnswer.body()).isEqualTo(plainAnswer.body());
            if (i % 8 != 3) {
                assertThat(predictions(batchedAnswer.body())).as("caller %s", i).containsExactly(expected(rows(i)));
            }
        }
    }

    @Test
    void aDeploymentStopsItsBatcherThreadWhenItStopsBatchingOrIsDeleted() {
        batched.createDeployment("short", "linear", Optional.empty(), Map.of("serve", "true", "max_batch_size", "4"));
        URI url = batched.getDeployment("short").url().orElseThrow();
        assertThat(Http.invoke(url, mlflow(rows(1))).statusCode()).isEqualTo(200);
        assertThat(threads("tango-batch-short")).isEqualTo(1);

        batched.updateDeployment("short", Optional.empty(), Optional.empty(), Map.of("max_batch_size", "1"));
        assertThat(Http.invoke(url, mlflow(rows(1))).statusCode()).isEqualTo(200);
        assertThat(threads("tango-batch-short")).isZero();

        batched.updateDeployment("short", Optional.empty(), Optional.empty(), Map.of("max_batch_size", "8"));
        assertThat(Http.invoke(url, mlflow(rows(1))).statusCode()).isEqualTo(200);
        assertThat(threads("tango-batch-short")).isEqualTo(1);
        batched.deleteDeployment("short", Map.of());
        assertThat(threads("tango-batch-short")).isZero();
    }

    @Test
    void aServerOfOneModelBatchesAndItsCloseStopsTheBatcherThread() {
        LocalModelStore store = new LocalModelStore(root.resolve("batched"));
        ModelDescriptor linear = new LocalModelFinder(store, "test").find(ModelKey.of("linear")).orElseThrow();
        try (ExplainableTangoModel<?, ?> model = Fixtures.loader().load(linear)) {
            ScoringServer server = ScoringServer.start("single", () -> model, new BatchingSettings(8, 100, List.of()),
                    new ServingSettings("127.0.0.1", 2, 16, LIMIT), 0);
            try (server) {
                HttpResponse<String> answer = Http.invoke(server.url(), mlflow(rows(2)));

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(predictions(answer.body())).containsExactly(expected(rows(2)));
                assertThat(threads("tango-batch-single")).isEqualTo(1);
            }
            assertThat(threads("tango-batch-single")).isZero();
        }
    }

    @Test
    void anOnnxFileWithASymbolicBatchDimensionTakesBatches() throws Exception {
        // What the bench serves: a bare .onnx file, its signature read from the graph ("batch" x 3 -> "batch" x 1).
        Path file = Files.write(root.resolve("linear.onnx"), Fixtures.linearOnnx(new float[] {1, 2, 3}, 0.5f));
        LocalModelStore store = new LocalModelStore(root.resolve("batched"));
        ModelDescriptor descriptor = new LocalModelFinder(store, "test").find(ModelKey.of(file.toString())).orElseThrow();
        try (ExplainableTangoModel<?, ?> model = Fixtures.loader().load(descriptor)) {
            assertThat(model.descriptor().signature().inputs().get(0).shape()).containsExactly(-1L, 3L);
            assertThat(Batches.takesBatches(model.descriptor().signature())).isTrue();
        }
    }

    /** The live threads of that name: only the batcher of that deployment names its thread so. */
    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .count();
    }
}
