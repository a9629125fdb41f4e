package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.CapacityExceededException;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelKey;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.job.LocalJobPredictor;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand concurrent predictions, each with its own input whose output is known ({@code y = x·(1, 1, 1) + 0.5}
 * for {@code x = (i, 2i, 3i)}), far more at once than the predictor or the server holds: every result reaches the
 * caller that asked for it, exactly once, and every refusal in between is typed ({@link CapacityExceededException},
 * HTTP 503 with MLflow's body). Timeouts bound every wait, so a deadlock fails the test instead of hanging it.
 */
class LocalLoadTest {
    private static final int PREDICTIONS = 10_000;
    private static final Duration WAIT = Duration.ofMinutes(1);

    @TempDir
    static Path root;

    private static ExplainableTangoModel<?, ?> model;

    @BeforeAll
    static void loadTheLinearModel() throws IOException {
        Path onnx = Files.write(root.resolve("linear.onnx"), Fixtures.linearOnnx(new float[] {1f, 1f, 1f}, 0.5f));
        model = Fixtures.loader().load(new LocalModelFinder(new LocalModelStore(root.resolve("store")), "load")
                .find(ModelKey.of(onnx.toString())).orElseThrow());
    }

    @AfterAll
    static void closeTheModel() {
        model.close();
    }

    private static float expected(int i) {
        return 6f * i + 0.5f;
    }

    private static TangoRequest request(int i) {
        return TangoRequest.of(Map.of("x", List.of(List.of((double) i, 2.0 * i, 3.0 * i))));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tenThousandConcurrentJobPredictionsEachReachTheirCallerOnceAndOverloadIsRefusedTyped() throws Exception {
        int callers = 32;
        int outstandingPerCaller = 16;
        Map<Integer, Float> delivered = new ConcurrentHashMap<>();
        LongAdder refused = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        try (LocalJobPredictor predictor = new LocalJobPredictor("load", 4, 64, Duration.ofMinutes(10), Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    done.add(pool.submit(() -> {
                        Deque<Map.Entry<Integer, PredictionFuture>> outstanding = new ArrayDeque<>();
                        for (int i = next.getAndIncrement(); i < PREDICTIONS; i = next.getAndIncrement()) {
                            while (true) {
                                try {
                                    PredictionFuture future = predictor.submit(model, request(i),
                                            io.tango.api.WorkingSession.none(), Optional.of("req-" + i));
                                    assertThat(future.id()).isEqualTo("load:req-" + i);
                                    outstanding.add(Map.entry(i, future));
                                    break;
                                } catch (CapacityExceededException e) {
                                    refused.increment();
                                    if (outstanding.isEmpty()) {
                                        // Nothing of this caller's to wait for: back off briefly, as a client would.
                                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                                    } else {
                                        collect(outstanding.poll(), delivered);
                                    }
                                }
                            }
                            if (outstanding.size() >= outstandingPerCaller) {
                                collect(outstanding.poll(), delivered);
                            }
                        }
                        while (!outstanding.isEmpty()) {
                            collect(outstanding.poll(), delivered);
                        }
                        return null;
                    }));
                }
                for (Future<?> caller : done) {
                    caller.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(predictor.getPredictionFuture("load:req-4321").info().status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(delivered).hasSize(PREDICTIONS);
        assertThat(refused.sum()).as("the predictor was overloaded").isPositive();
        System.out.printf("RELIABILITY local-job-load: %d predictions delivered once each, %d submissions refused with"
                + " CapacityExceededException%n", delivered.size(), refused.sum());
    }

    private static void collect(Map.Entry<Integer, PredictionFuture> submitted, Map<Integer, Float> delivered) {
        int i = submitted.getKey();
        try {
            Tensor y = (Tensor) submitted.getValue().result(WAIT).output("y").orElseThrow();
            assertThat(y.toFloatArray()).as("prediction %d", i).containsExactly(expected(i));
            assertThat(delivered.putIfAbsent(i, y.toFloatArray()[0])).as("prediction %d delivered twice", i).isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tenThousandConcurrentHttpPredictionsEachReachTheirCallerOnceAndOverloadIsAnswered503() throws Exception {
        int inFlight = 128;
        LocalModelStore store = new LocalModelStore(root.resolve("served"));
        Path onnx = Files.write(root.resolve("served-linear.onnx"), Fixtures.linearOnnx(new float[] {1f, 1f, 1f}, 0.5f));
        Map<Integer, Float> delivered = new ConcurrentHashMap<>();
        LongAdder overloaded = new LongAdder();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try (LocalDeploymentClient deployments = new LocalDeploymentClient(store, new LocalModelFinder(store, "load"),
                Fixtures.loader(), new ServingSettings("127.0.0.1", 4, 32, 1 << 20), Clock.systemUTC())) {
            Deployment deployment = deployments.createDeployment("linear", onnx.toString(), Optional.empty(),
                    Map.of("serve", "true"));
            URI invocations = deployment.url().orElseThrow().resolve("/invocations");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
            Semaphore permits = new Semaphore(inFlight);
            List<CompletableFuture<Void>> all = new ArrayList<>(PREDICTIONS);
            for (int i = 0; i < PREDICTIONS; i++) {
                assertThat(permits.tryAcquire(1, TimeUnit.MINUTES)).as("a permit within a minute").isTrue();
                int index = i;
                all.add(send(http, invocations, index, delivered, overloaded)
                        .whenComplete((ignored, error) -> permits.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            clientThreads.shutdownNow();
        }
        assertThat(delivered).hasSize(PREDICTIONS);
        assertThat(overloaded.sum()).as("the server was overloaded").isPositive();
        System.out.printf("RELIABILITY local-http-load: %d predictions delivered once each, %d answered 503%n",
                delivered.size(), overloaded.sum());
    }

    /** Posts prediction {@code i}; a 503 is checked and sent again; anything else but the right answer fails. */
    private static CompletableFuture<Void> send(HttpClient http, URI invocations, int i, Map<Integer, Float> delivered,
            LongAdder overloaded) {
        HttpRequest request = HttpRequest.newBuilder(invocations).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\": {\"x\": [[" + i + ", " + 2 * i + ", " + 3 * i + "]]}}"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            JsonNode body = json(response.body());
            if (response.statusCode() == 503) {
                assertThat(body.get("error_code").asText()).isEqualTo("TEMPORARILY_UNAVAILABLE");
                overloaded.increment();
                return send(http, invocations, i, delivered, overloaded);
            }
            assertThat(response.statusCode()).as("prediction %d: %s", i, response.body()).isEqualTo(200);
            float y = (float) body.at("/predictions/0/0").asDouble();
            assertThat(y).as("prediction %d", i).isEqualTo(expected(i));
            assertThat(delivered.putIfAbsent(i, y)).as("prediction %d delivered twice", i).isNull();
            return CompletableFuture.completedFuture(null);
        });
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
