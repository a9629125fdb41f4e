package io.tango.bench.jmh;

import io.tango.api.TangoRequest;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.api.LoadedModel;
import io.tango.bench.BenchConfig;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.bench.model.TrivialModel;
import io.tango.runtime.TangoRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Background predictions per second on a trivial model ({@link TrivialModel}): the caller submits {@value #BATCH}
 * jobs to the runtime's default LOCAL job predictor, then awaits every future's result — what
 * {@code bench/caikit_jobs.py} does with caikit's {@code LocalJobPredictor}. The batch fits the predictor's default
 * queue (256), so no submission is refused.
 *
 * <p>Target: ≥ 100,000 jobs/s on 2 cores, and ≥ 20× caikit.
 *
 * <p>{@link #submitAndAwaitOnnx} does the same with one row of {@link TinyOnnxModel} per job, with the job predictor's
 * dynamic batching off ({@code max_batch_size} 1) and on (32 rows, {@code max_batch_delay} 0: joining what is queued):
 * the gain batching brings to background predictions of a model with a batch dimension.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JobThroughputBenchmark {
    /** Jobs in flight per invocation. */
    public static final int BATCH = 200;

    /** A runtime whose default job predictor is plugin-local's. */
    @State(Scope.Benchmark)
    public static class Predictor {
        final TrivialModel model = new TrivialModel();
        final TangoRequest request = TangoRequest.of(Map.of("x", 1));
        final PredictionFuture[] futures = new PredictionFuture[BATCH];
        TangoRuntime runtime;
        JobPredictor predictor;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            runtime = TangoRuntime.builder().configYaml(BenchConfig.jobPredictor()).environment(Map.of()).build();
            predictor = runtime.jobPredictor(TangoRuntime.DEFAULT);
            Object answer = predictor.submit(model, request).result().output("answer").orElseThrow();
            if (!answer.equals(42)) {
                throw new IllegalStateException("the trivial model answered " + answer);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
        }
    }

    /** A runtime whose default LOCAL job predictor batches up to {@code maxBatchSize} rows, and the tiny ONNX model. */
    @State(Scope.Benchmark)
    public static class OnnxPredictor {
        @Param({"1", "32"})
        public int maxBatchSize;

        final PredictionFuture[] futures = new PredictionFuture[BATCH];
        final TangoRequest request = PredictOverheadBenchmark.request(TinyOnnxModel.row());
        Path folder;
        TangoRuntime runtime;
        LoadedModel model;
        JobPredictor predictor;

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException {
            folder = Files.createTempDirectory("tango-bench-jobs");
            Path file = TinyOnnxModel.write(folder.resolve("tiny.onnx"));
            runtime = TangoRuntime.builder()
                    .configYaml(BenchConfig.batchingJobPredictor(folder.resolve("store"), maxBatchSize))
                    .environment(Map.of())
                    .build();
            model = runtime.modelManager().load(file.toString());
            predictor = runtime.jobPredictor(TangoRuntime.DEFAULT);
            Checks.expectPrediction(PredictOverheadBenchmark.first(predictor.submit(model, request).result()),
                    "LOCAL job predictor, max_batch_size " + maxBatchSize);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            runtime.close();
            Checks.deleteTree(folder);
        }
    }

    /** Submits {@value #BATCH} predictions, then waits for each result. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submitAndAwait(Predictor state, Blackhole blackhole) throws InterruptedException {
        submitAndAwait(state.predictor, state.model, state.request, state.futures, blackhole);
    }

    /** Submits {@value #BATCH} one-row predictions of the tiny ONNX model, then waits for each result. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void submitAndAwaitOnnx(OnnxPredictor state, Blackhole blackhole) throws InterruptedException {
        submitAndAwait(state.predictor, state.model, state.request, state.futures, blackhole);
    }

    private static void submitAndAwait(JobPredictor predictor, LoadedModel model, TangoRequest request,
            PredictionFuture[] futures, Blackhole blackhole) throws InterruptedException {
        for (int i = 0; i < futures.length; i++) {
            futures[i] = predictor.submit(model, request);
        }
        for (PredictionFuture future : futures) {
            blackhole.consume(future.result());
        }
    }
}
