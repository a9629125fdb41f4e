package io.tango.plugin.mlflow;

import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The descriptor is the only thing two plugins share: an ONNX-flavor model found in a real MLflow registry is run by
 * plugin-local, and gives the predictions `mlflow models serve` gives for the same model.
 *
 * <p>Both plugins are dropped into a plugin directory, each in its own class loader, with class-path scanning off:
 * plugin-mlflow has no dependency on plugin-local, only its packaged jar (built earlier in the reactor) is copied in,
 * as an operator would.
 */
@ExtendWith(MlflowServerExtension.class)
class MlflowToPluginLocalCrossCheckIT {
    private static final float[] ROWS = {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f, 4.9f, 2.4f, 3.3f, 1.0f};

    @TempDir
    static Path work;

    private static TangoRuntime runtime;
    private static MlflowTestServer server;

    @BeforeAll
    static void start(MlflowTestServer mlflow) throws IOException {
        server = mlflow;
        Path target = Path.of(System.getProperty("tango.plugin.jar.dir"));
        Path plugins = work.resolve("plugins");
        install(target, "plugin-mlflow", plugins.resolve("mlflow"));
        install(target.resolveSibling("..").resolve("plugin-local").resolve("target").normalize(), "plugin-local", plugins.resolve("local"));
        runtime = TangoRuntime.builder()
                .scanClassPath(false)
                .pluginDirectory(plugins)
                .environment(Map.of())
                .configYaml("""
                        model_management:
                          finders:
                            mlflow: {type: MLFLOW, config: {tracking_uri: "%s", cache_dir: "%s", environment: {}}}
                          initializers:
                            default: {type: MULTI, config: {initializer_priority: [scoring, local]}}
                            scoring: {type: MLFLOW, config: {environment: {}}}
                            local: {type: LOCAL}
                        """.formatted(server.trackingUri(), work.resolve("cache")))
                .build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Copies a built plugin's jar and its runtime dependencies into a plugin folder. */
    private static void install(Path target, String artifact, Path folder) throws IOException {
        Path deps = target.resolve("plugin-deps");
        if (!Files.isDirectory(deps)) {
            throw new IllegalStateException(artifact + " is not packaged in " + target
                    + ": build it first (the reactor builds it before plugin-mlflow: ./mvnw -pl " + artifact + " package)");
        }
        Files.createDirectories(folder);
        try (Stream<Path> jars = Stream.concat(Files.list(target), Files.list(deps))) {
            for (Path jar : jars.filter(path -> path.getFileName().toString().endsWith(".jar")
                    && !path.getFileName().toString().endsWith("-sources.jar")
                    && !path.getFileName().toString().endsWith("-tests.jar")).toList()) {
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
        }
    }

    @Test
    void runsAnMlflowOnnxModelThroughPluginLocalsInitializer() {
        LoadedModel model = runtime.modelManager().load(ModelKey.of("models:/iris-onnx@prod"), "mlflow", "default");
        ModelDescriptor descriptor = model.descriptor();

        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.artifactPath().orElseThrow()).startsWith(work.resolve("cache"));
        assertThat(runtime.pluginReport().providers())
                .filteredOn(provider -> provider.type().orElse("").equals("LOCAL") && provider.kind().section().equals("initializers"))
                .singleElement()
                .satisfies(provider -> assertThat(provider.plugin()).isEqualTo("local"));
    }

    @Test
    void givesTheSamePredictionsAsMlflowModelsServe() {
        TangoRequest request = TangoRequest.of(Map.of("input", Tensor.ofFloats(ROWS, 3, 4)));
        LoadedModel local = runtime.modelManager().load(ModelKey.of("models:/iris-onnx/2"), "mlflow", "default");

        URI scoring = server.scoringServer("models:/iris-onnx/2");
        ModelDescriptor served = ModelDescriptor.builder(ModelKey.of("mlflow+" + scoring), "iris-onnx", "mlflow-scoring-server")
                .endpoint(scoring).build();
        try (TangoModel<?, ?> remote = runtime.initializer("scoring").initialize(served).orElseThrow()) {
            List<Double> byPluginLocal = flatten(local.predict(request).output("variable").orElseThrow());
            List<Double> byMlflow = flatten(remote.predict(request).output("variable").orElseThrow());

            assertThat(byPluginLocal).hasSize(3);
            assertThat(byMlflow).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(byPluginLocal.get(i)).as("row %d", i).isCloseTo(byMlflow.get(i), within(1e-5));
            }
        }
    }

    private static List<Double> flatten(Object value) {
        List<Double> values = new ArrayList<>();
        Object nested = value instanceof Tensor tensor ? tensor.toNestedList() : value;
        collect(nested, values);
        return values;
    }

    private static void collect(Object value, List<Double> values) {
        if (value instanceof List<?> list) {
            list.forEach(element -> collect(element, values));
        } else {
            values.add(((Number) value).doubleValue());
        }
    }
}
