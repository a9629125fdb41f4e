package io.tango.bench.jmh;

import io.tango.api.LoadedModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobPredictor;
import io.tango.bench.BenchConfig;
import io.tango.bench.PluginFolders;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.runtime.ModelManager;
import io.tango.runtime.TangoRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time per call of one prediction of {@link TinyOnnxModel} on one row, single-threaded: ONNX Runtime's
 * {@code OrtSession.run} called directly, against the same session options plugin-local uses (1 intra-op and 1
 * inter-op thread, sequential), and the same call through TANGO. Every call starts from the same {@code float[]} row and
 * ends with the prediction read back as a Java {@code float}: the direct call wraps the row in an {@link OnnxTensor}
 * and reads the output buffer; TANGO's callers build a {@link TangoRequest} with a {@link Tensor} and read the output
 * {@link Tensor}.
 *
 * <p>Target: every TANGO path ≤ 1.03× {@link #onnxRuntimeDirect}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PredictOverheadBenchmark {
    private static final long[] SHAPE = {1, TinyOnnxModel.COLUMNS.size()};

    /** The model file, ONNX Runtime's session on it, and a runtime with plugin-local on the class path. */
    @State(Scope.Benchmark)
    public static class Models {
        final float[] row = TinyOnnxModel.row();
        Path folder;
        String modelKey;
        OrtEnvironment environment;
        OrtSession.SessionOptions options;
        OrtSession session;
        TangoRuntime runtime;
        ModelManager manager;
        LoadedModel model;
        JobPredictor predictor;

        @Setup(Level.Trial)
        public void setUp() throws IOException, OrtException {
            folder = Files.createTempDirectory("tango-bench-predict");
            Path file = TinyOnnxModel.write(folder.resolve("tiny.onnx"));
            modelKey = file.toString();
            environment = OrtEnvironment.getEnvironment();
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(file.toString(), options);
            runtime = TangoRuntime.builder()
                    .configYaml(BenchConfig.local(folder.resolve("store")))
                    .environment(Map.of())
                    .build();
            manager = runtime.modelManager();
            model = manager.load(modelKey);
            predictor = runtime.jobPredictor(TangoRuntime.DEFAULT);
            Checks.expectPrediction(direct(this), "OrtSession.run");
            Checks.expectPrediction(first(model.predict(request(row))), "TangoModel.predict");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException, IOException {
            runtime.close();
            session.close();
            options.close();
            Checks.deleteTree(folder);
        }
    }

    /** The same model through a runtime that loads plugin-local isolated, from a plugin directory. */
    @State(Scope.Benchmark)
    public static class IsolatedModel {
        Path folder;
        TangoRuntime runtime;
        LoadedModel model;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = Files.createTempDirectory("tango-bench-isolated");
            Path file = TinyOnnxModel.write(folder.resolve("tiny.onnx"));
            runtime = TangoRuntime.builder()
                    .configYaml(BenchConfig.local(folder.resolve("store")))
                    .pluginDirectory(PluginFolders.directory())
                    .scanClassPath(false)
                    .environment(Map.of())
                    .build();
            model = runtime.modelManager().load(file.toString());
            Checks.expectPrediction(first(model.predict(request(TinyOnnxModel.row()))), "isolated TangoModel.predict");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            runtime.close();
            Checks.deleteTree(folder);
        }
    }

    /** The baseline: ONNX Runtime's Java API, called directly. */
    @Benchmark
    public float onnxRuntimeDirect(Models models) throws OrtException {
        return direct(models);
    }

    static float direct(Models models) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(models.environment, FloatBuffer.wrap(models.row), SHAPE);
                OrtSession.Result result = models.session.run(Map.of(TinyOnnxModel.INPUT, input))) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    /** {@code TangoModel.predict} on the model {@code ModelManager.load} returned (plugin-local on the class path). */
    @Benchmark
    public float tangoModelPredict(Models models) {
        return first(models.model.predict(request(models.row)));
    }

    /** {@code ModelManager.predict(key, request)}: the cached load, then the default job predictor's synchronous path. */
    @Benchmark
    public float modelManagerPredict(Models models) {
        return first(models.manager.predict(models.modelKey, request(models.row)));
    }

    /** {@code JobPredictor.predict}: the local job predictor's synchronous path. */
    @Benchmark
    public float jobPredictorPredict(Models models) {
        return first(models.predictor.predict(models.model, request(models.row), WorkingSession.none()));
    }

    /** {@code TangoModel.predict} with plugin-local isolated in a plugin directory (its own class loader). */
    @Benchmark
    public float isolatedModelPredict(Models models, IsolatedModel isolated) {
        return first(isolated.model.predict(request(models.row)));
    }

    static TangoRequest request(float[] row) {
        return TangoRequest.of(Map.of(TinyOnnxModel.INPUT, Tensor.ofFloats(row, SHAPE)));
    }

    static float first(io.tango.api.TangoResponse response) {
        return ((Tensor) response.outputs().get(TinyOnnxModel.OUTPUT)).data().getFloat(0);
    }
}
