package io.tango.bench;

import io.tango.bench.jmh.JobThroughputBenchmark;
import io.tango.bench.jmh.MlflowPredictBenchmark;
import io.tango.bench.jmh.PredictOverheadBenchmark;
import io.tango.bench.jmh.RuntimeBootBenchmark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, in this JVM, for a fraction of a second: they build, set up (each setup checks the
 * answer it will measure) and run, so they never rot. Asserts which benchmarks ran, never how fast.
 */
class JmhSmokeTest {
    @TempDir
    static Path work;

    static Path repository;

    @BeforeAll
    static void assemblePlugins() {
        repository = Path.of(System.getProperty("tango.bench.repository", ".."));
        for (String plugin : List.of("local", "mlflow")) {
            Path module = repository.resolve("plugin-" + plugin);
            assertThat(module.resolve("target/plugin-deps"))
                    .as("plugin-" + plugin + " must be packaged first: ./mvnw -pl tango-bench -am verify")
                    .isDirectory();
            PluginFolders.assemble(module, work.resolve("plugins/" + plugin));
        }
        System.setProperty(PluginFolders.PROPERTY, work.resolve("plugins").toString());
        System.setProperty("tango.bench.work", work.resolve("bench-work").toString());
    }

    @AfterAll
    static void clearProperties() {
        System.clearProperty(PluginFolders.PROPERTY);
        System.clearProperty("tango.bench.work");
        System.clearProperty(MlflowPredictBenchmark.URL_PROPERTY);
    }

    @Test
    void predictOverheadBenchmarksRun() throws RunnerException {
        assertThat(run(PredictOverheadBenchmark.class)).containsExactlyInAnyOrder(
                "isolatedModelPredict", "jobPredictorPredict", "modelManagerPredict", "onnxRuntimeDirect", "tangoModelPredict");
    }

    @Test
    void jobThroughputBenchmarkRuns() throws RunnerException {
        assertThat(run(JobThroughputBenchmark.class)).containsExactlyInAnyOrder(
                "submitAndAwait", "submitAndAwaitOnnx[maxBatchSize=1]", "submitAndAwaitOnnx[maxBatchSize=32]");
    }

    @Test
    void runtimeBootBenchmarkRunsForEachPluginCount() throws RunnerException {
        assertThat(run(RuntimeBootBenchmark.class)).containsExactlyInAnyOrder(
                "buildAndClose[plugins=1]", "buildAndClose[plugins=10]", "buildAndClose[plugins=100]");
        assertThat(work.resolve("bench-work/plugins-100")).isDirectoryContaining("glob:**/plugin-100.jar");
    }

    /** Against a real {@code mlflow models serve} of the tiny model (the tests' cached MLflow environment). */
    @Test
    void mlflowPredictBenchmarksRun() throws RunnerException {
        try (MlflowScoringServer server = MlflowScoringServer.start(
                repository.resolve("bench/mlflow_model.py"), work.resolve("mlflow"))) {
            System.setProperty(MlflowPredictBenchmark.URL_PROPERTY, server.url().toString());
            assertThat(run(MlflowPredictBenchmark.class)).containsExactlyInAnyOrder("pluginMlflowPredict", "rawHttpClientPost");
        } finally {
            System.clearProperty(MlflowPredictBenchmark.URL_PROPERTY);
        }
    }

    private static List<String> run(Class<?> benchmark) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return results.stream().map(JmhSmokeTest::key).sorted().toList();
    }

    private static String key(RunResult result) {
        var params = result.getParams();
        String name = params.getBenchmark();
        StringBuilder key = new StringBuilder(name.substring(name.lastIndexOf('.') + 1));
        for (String param : params.getParamsKeys()) {
            key.append('[').append(param).append('=').append(params.getParam(param)).append(']');
        }
        return key.toString();
    }
}
