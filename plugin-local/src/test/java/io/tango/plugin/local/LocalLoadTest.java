package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.CapacityExceededException;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;
import io.tango.api.deploy.Deployment;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.engine.onnx.OnnxModelEngine;
import io.tango.plugin.local.job.LocalJobPredictor;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand concurrent predictions, each with its own input whose output is known ({@code y = x·(1, 1, 1) + 0.5}
 * for {@code x = (i, 2i, 3i)}), far more at once than the predictor or the server holds: the model receives every
 * request exactly once, every row comes back exactly once to the caller that sent it ({@link DeliveryLedger}, which
 * two tests here show failing on a mixed-up predictor), and every refusal in between is typed
 * ({@link CapacityExceededException}, HTTP 503 with MLflow's body). Timeouts bound every wait, so a deadlock fails
 * the test instead of hanging it.
 */
class LocalLoadTest {
    private static final int PREDICTIONS = 10_000;
    private static final int CALLERS = 32;
    private static final Duration WAIT = Duration.ofMinutes(1);

    @TempDir
    static Path root;

    private static Path onnx;

    @BeforeAll
    static void writeTheLinearModel() throws IOException {
        onnx = Files.write(root.resolve("linear.onnx"), Fixtures.linearOnnx(new float[] {1f, 1f, 1f}, 0.5f));
    }

    private static float expected(int i) {
        return 6f * i + 0.5f;
    }

    private static TangoRequest request(int i) {
        return TangoRequest.of(Map.of("x", List.of(List.of((double) i, 2.0 * i, 3.0 * i))));
    }

    /** @return the request id {@code i} of a row {@code y = 6i + 0.5}; fails on a row no request has */
    private static int requestOfRow(float y) {
        int i = Math.round((y - 0.5f) / 6f);
        assertThat(y).as("a row of some request").isEqualTo(expected(i));
        return i;
    }

    /** @return the request id {@code i} of an input {@code x = (i, 2i, 3i)}, as a list or as a tensor */
    private static int requestOfInput(TangoRequest request) {
        Object x = request.input("x").orElseThrow();
        if (x instanceof Tensor tensor) {
            return (int) tensor.toDoubleArray()[0];
        }
        return ((Number) ((List<?>) ((List<?>) x).get(0)).get(0)).intValue();
    }

    /** @return a loader whose models report every request they receive to the ledger */
    private static LocalModelLoader countingLoader(DeliveryLedger ledger) {
        return new LocalModelLoader(new ModelEngines(List.of(new ReceiptCountingEngine(new OnnxModelEngine(),
                request -> ledger.received(requestOfInput(request))))), EngineSettings.defaults());
    }

    private static ExplainableTangoModel<?, ?> countingModel(DeliveryLedger ledger) {
        return countingLoader(ledger).load(new LocalModelFinder(new LocalModelStore(root.resolve("store")), "load")
                .find(ModelKey.of(onnx.toString())).orElseThrow());
    }

    /** How a caller submits prediction {@code i}: the job predictor, or a deliberately faulty stand-in. */
    @FunctionalInterface
    private interface Submission {
        PredictionFuture submit(int i) throws InterruptedException;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tenThousandConcurrentJobPredictionsEachReachTheModelAndTheirCallerOnceAndOverloadIsRefusedTyped()
            throws Exception {
        DeliveryLedger ledger = new DeliveryLedger(PREDICTIONS);
        long refused;
        try (ExplainableTangoModel<?, ?> model = countingModel(ledger);
                LocalJobPredictor predictor = new LocalJobPredictor("load", 4, 64, Duration.ofMinutes(10),
                        Clock.systemUTC())) {
            refused = loadJobs(PREDICTIONS, CALLERS, ledger, i -> {
                PredictionFuture future = predictor.submit(model, request(i), WorkingSession.none(),
                        Optional.of("req-" + i));
                assertThat(future.id()).isEqualTo("load:req-" + i);
                return future;
            });
            assertThat(predictor.getPredictionFuture("load:req-4321").info().status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(ledger.violations()).isEmpty();
        assertThat(refused).as("the predictor was overloaded").isPositive();
        System.out.printf("RELIABILITY local-job-load: %d predictions each received once by the model and delivered"
                + " once to their caller, %d submissions refused with CapacityExceededException%n", PREDICTIONS, refused);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theExactlyOnceCheckSeesARequestTheModelReceivedTwice() throws Exception {
        assertThat(violationsOf((predictor, model, i) -> {
            if (i == 7) {
                // A predictor that runs request 7 twice and answers with the second run.
                predictor.submit(model, request(i), WorkingSession.none(), Optional.empty()).result(WAIT);
            }
            return predictor.submit(model, request(i), WorkingSession.none(), Optional.of("req-" + i));
        })).containsExactly("request 7 reached the model 2 times");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theExactlyOnceCheckSeesRowsDeliveredToTheWrongCallers() throws Exception {
        // A predictor that hands caller-3's request 7 the job of request 8, and caller-0's request 8 that of 7.
        assertThat(violationsOf((predictor, model, i) -> predictor.submit(model, request(i == 7 ? 8 : i == 8 ? 7 : i),
                WorkingSession.none(), Optional.of("req-" + i)))).containsExactly(
                "the row of request 7, sent by caller-3, came back to [caller-0]",
                "the row of request 8, sent by caller-0, came back to [caller-3]");
    }

    /** A faulty stand-in for the job predictor, built on a real one. */
    @FunctionalInterface
    private interface FaultyPredictor {
        PredictionFuture submit(LocalJobPredictor predictor, TangoModel<?, ?> model, int i) throws InterruptedException;
    }

    /** @return what the ledger says of 200 predictions from 4 callers through the faulty predictor (never full) */
    private static List<String> violationsOf(FaultyPredictor faulty) throws Exception {
        DeliveryLedger ledger = new DeliveryLedger(200);
        try (ExplainableTangoModel<?, ?> model = countingModel(ledger);
                LocalJobPredictor predictor = new LocalJobPredictor("faulty", 4, 1_000, Duration.ofMinutes(10),
                        Clock.systemUTC())) {
            loadJobs(200, 4, ledger, i -> faulty.submit(predictor, model, i));
        }
        return ledger.violations();
    }

    /**
     * Runs {@code predictions} predictions from {@code callers} threads, each keeping up to 16 of its own outstanding;
     * caller {@code c} sends the ids {@code c, c + callers, …}. A {@link CapacityExceededException} makes the caller
     * collect one of its results (or back off briefly) and submit again.
     *
     * @return how many submissions were refused
     */
    private static long loadJobs(int predictions, int callers, DeliveryLedger ledger, Submission submission)
            throws Exception {
        int outstandingPerCaller = 16;
        LongAdder refused = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int first = c;
                String caller = "caller-" + c;
                done.add(pool.submit(() -> {
                    Deque<PredictionFuture> outstanding = new ArrayDeque<>();
                    for (int i = first; i < predictions; i += callers) {
                        ledger.sent(caller, i);
                        while (true) {
                            try {
                                outstanding.add(submission.submit(i));
                                break;
                            } catch (CapacityExceededException e) {
                                refused.increment();
                                if (outstanding.isEmpty()) {
                                    // Nothing of this caller's to wait for: back off briefly, as a client would.
                                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                                } else {
                                    collect(caller, outstanding.poll(), ledger);
                                }
                            }
                        }
                        if (outstanding.size() >= outstandingPerCaller) {
                            collect(caller, outstanding.poll(), ledger);
                        }
                    }
                    while (!outstanding.isEmpty()) {
                        collect(caller, outstanding.poll(), ledger);
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
        return refused.sum();
    }

    private static void collect(String caller, PredictionFuture submitted, DeliveryLedger ledger) {
        try {
            Tensor y = (Tensor) submitted.result(WAIT).output("y").orElseThrow();
            assertThat(y.toFloatArray()).as("one row from %s", submitted.id()).hasSize(1);
            ledger.delivered(caller, requestOfRow(y.toFloatArray()[0]));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void tenThousandConcurrentHttpPredictionsEachReachTheModelAndTheirCallerOnceAndOverloadIsAnswered503()
            throws Exception {
        int inFlight = 128;
        LocalModelStore store = new LocalModelStore(root.resolve("served"));
        DeliveryLedger ledger = new DeliveryLedger(PREDICTIONS);
        LongAdder overloaded = new LongAdder();
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        try (LocalDeploymentClient deployments = new LocalDeploymentClient(store, new LocalModelFinder(store, "load"),
                countingLoader(ledger), new ServingSettings("127.0.0.1", 4, 32, 1 << 20), Clock.systemUTC())) {
            Deployment deployment = deployments.createDeployment("linear", onnx.toString(), Optional.empty(),
                    Map.of("serve", "true"));
            URI invocations = deployment.url().orElseThrow().resolve("/invocations");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
            Semaphore permits = new Semaphore(inFlight);
            List<CompletableFuture<Void>> all = new ArrayList<>(PREDICTIONS);
            for (int i = 0; i < PREDICTIONS; i++) {
                assertThat(permits.tryAcquire(1, TimeUnit.MINUTES)).as("a permit within a minute").isTrue();
                // Each exchange is its own caller: its answer must hold its own row.
                ledger.sent("exchange-" + i, i);
                all.add(send(http, invocations, i, ledger, overloaded)
                        .whenComplete((ignored, error) -> permits.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            clientThreads.shutdownNow();
        }
        assertThat(ledger.violations()).isEmpty();
        assertThat(overloaded.sum()).as("the server was overloaded").isPositive();
        System.out.printf("RELIABILITY local-http-load: %d predictions each received once by the model and delivered"
                + " once to their caller, %d answered 503%n", PREDICTIONS, overloaded.sum());
    }

    /** Posts prediction {@code i}; a 503 is checked and sent again; anything but 200 with one row fails. */
    private static CompletableFuture<Void> send(HttpClient http, URI invocations, int i, DeliveryLedger ledger,
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
                return send(http, invocations, i, ledger, overloaded);
            }
            assertThat(response.statusCode()).as("prediction %d: %s", i, response.body()).isEqualTo(200);
            assertThat(body.at("/predictions")).as("prediction %d: one row", i).hasSize(1);
            ledger.delivered("exchange-" + i, requestOfRow((float) body.at("/predictions/0/0").asDouble()));
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
