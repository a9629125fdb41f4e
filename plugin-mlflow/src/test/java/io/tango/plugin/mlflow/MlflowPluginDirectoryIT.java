package io.tango.plugin.mlflow;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.ProviderReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin (target/plugin-mlflow-*.jar and its runtime dependencies from target/plugin-deps) loaded from a
 * plugin directory, in its own class loader, with class-path scanning off: it finds, downloads and describes a model
 * of the real MLflow server, and answers for its deployment target.
 */
@ExtendWith(MlflowServerExtension.class)
class MlflowPluginDirectoryIT {
    private static MlflowTestServer server;

    @TempDir
    static Path plugins;

    @BeforeAll
    static void install(MlflowTestServer mlflow) throws IOException {
        server = mlflow;
        Path pluginFolder = Files.createDirectories(plugins.resolve("mlflow"));
        Path target = Path.of(System.getProperty("tango.plugin.jar.dir"));
        try (Stream<Path> jars = Files.list(target)) {
            for (Path jar : jars.filter(path -> path.getFileName().toString().matches("plugin-mlflow-.*\\.jar")
                    && !path.getFileName().toString().endsWith("-sources.jar")).toList()) {
                Files.copy(jar, pluginFolder.resolve(jar.getFileName()));
            }
        }
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("tango.plugin.deps.dir")))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, pluginFolder.resolve(jar.getFileName()));
            }
        }
    }

    private TangoRuntime runtime(Path cache) {
        String yaml = """
                model_management:
                  finders:
                    mlflow: {type: MLFLOW, config: {tracking_uri: "%s", cache_dir: "%s", environment: {}}}
                  registries:
                    mlflow: {type: MLFLOW, config: {tracking_uri: "%s", environment: {}}}
                  deployment_targets:
                    mlflow: {type: mlflow, config: {state_dir: "%s", environment: {}}}
                """.formatted(server.trackingUri(), cache, server.trackingUri(), cache.resolve("deployments"));
        return TangoRuntime.builder()
                .configYaml(yaml)
                .pluginDirectory(plugins)
                .scanClassPath(false)
                .environment(Map.of())
                .build();
    }

    @Test
    void loadsEveryFactoryFromThePluginDirectory(@TempDir Path cache) {
        try (TangoRuntime runtime = runtime(cache)) {
            assertThat(runtime.pluginReport().problems()).isEmpty();
            assertThat(runtime.pluginReport().providers())
                    .filteredOn(provider -> provider.plugin().equals("mlflow"))
                    .extracting(ProviderReport::className)
                    .containsExactlyInAnyOrder(
                            "io.tango.plugin.mlflow.MlflowModelFinderFactory",
                            "io.tango.plugin.mlflow.MlflowScoringInitializerFactory",
                            "io.tango.plugin.mlflow.MlflowRegistryConnectorFactory",
                            "io.tango.plugin.mlflow.MlflowScoringServerProxyFactory",
                            "io.tango.plugin.mlflow.MlflowDeploymentClientFactory");
        }
    }

    @Test
    void findsAndDownloadsAModelFromThePluginDirectory(@TempDir Path cache) {
        try (TangoRuntime runtime = runtime(cache)) {
            ModelDescriptor descriptor = runtime.finder("mlflow").find(ModelKey.of("models:/iris-onnx@prod")).orElseThrow();

            assertThat(descriptor.format()).isEqualTo("onnx");
            assertThat(descriptor.version()).contains("2");
            assertThat(descriptor.artifactPath().orElseThrow().resolve("model.onnx")).isRegularFile();
            assertThat(runtime.registry("mlflow").nativeMetadata(ModelKey.of("models:/iris-onnx/1")))
                    .containsEntry("model_uri", "models:/iris-onnx/1");
        }
    }

    @Test
    void answersForTheMlflowDeploymentTarget(@TempDir Path cache) {
        try (TangoRuntime runtime = runtime(cache)) {
            assertThat(runtime.deploymentClient("mlflow").target()).isEqualTo("mlflow");
            assertThat(runtime.deploymentClient("mlflow").listDeployments()).isEmpty();
        }
    }
}
