package io.tango.plugin.deepaas;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.job.JobStatus;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin ({@code target/plugin-deepaas-*.jar} and its runtime dependencies) loaded from a plugin
 * directory in isolation, with class-path scanning off, driving a real DEEPaaS 2.6.0.
 */
class DeepaasPluginDirectoryIT {
    private static final String PLUGIN = "plugin-deepaas";

    @TempDir
    static Path plugins;

    private static DeepaasTestServer server;
    private static TangoRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        Path plugin = Files.createDirectories(plugins.resolve(PLUGIN));
        copyJars(Path.of(System.getProperty("tango.plugin.jar.dir")), plugin, name -> name.startsWith(PLUGIN + "-")
                && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar") && !name.endsWith("-javadoc.jar"));
        copyJars(Path.of(System.getProperty("tango.plugin.deps.dir")), plugin, name -> true);
        server = DeepaasTestServer.demoModels();
        runtime = TangoRuntime.builder()
                .configYaml(DeepaasRuntimeConfig.yaml(server.baseUrl()))
                .pluginDirectory(plugins)
                .scanClassPath(false)
                .build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void copyJars(Path from, Path to, java.util.function.Predicate<String> wanted) throws IOException {
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar"))
                    .filter(path -> wanted.test(path.getFileName().toString())).toList()) {
                Files.copy(jar, to.resolve(jar.getFileName()));
            }
        }
    }

    @Test
    void loadsEveryFactoryFromThePluginDirectory() {
        List<ProviderReport> deepaas = runtime.pluginReport().providers().stream()
                .filter(provider -> provider.type().equals(Optional.of("DEEPAAS")))
                .toList();

        assertThat(deepaas).extracting(ProviderReport::kind).containsExactlyInAnyOrder(
                ComponentKind.FINDER, ComponentKind.INITIALIZER, ComponentKind.TRAINER, ComponentKind.JOB_PREDICTOR,
                ComponentKind.REGISTRY, ComponentKind.MODEL_SERVER);
        assertThat(deepaas).allSatisfy(provider -> {
            assertThat(provider.plugin()).isEqualTo(PLUGIN);
            assertThat(provider.status()).isEqualTo(ProviderStatus.LOADED);
        });
        assertThat(runtime.pluginReport().problems()).isEmpty();
    }

    @Test
    void predictsWithAModelOfTheIsolatedPlugin() {
        LoadedModel model = runtime.modelManager().load(server.key(CLASSIFIER));

        assertThat(model).isNotInstanceOf(DeepaasModel.class);
        assertThat(model.predict(TangoRequest.of(Map.of("petal_length", 1, "unit", "mm"))).output("unit")).contains("mm");
    }

    @Test
    void trainsWithTheTrainerOfTheIsolatedPlugin() throws InterruptedException {
        TrainingFuture future = runtime.modelManager().train("deepaas",
                TrainingRequest.of(CLASSIFIER, Map.of("epochs", 1, "epoch_seconds", 0.1)));

        assertThat(future.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(runtime.modelManager().trainingFuture(future.id()).info().status()).isEqualTo(JobStatus.COMPLETED);
    }
}
