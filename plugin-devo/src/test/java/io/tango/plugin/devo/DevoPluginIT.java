package io.tango.plugin.devo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.ProviderReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin works through a TANGO runtime both from the class path and from a plugin directory holding
 * {@code target/plugin-devo-*.jar} and its runtime dependencies ({@code target/plugin-deps}).
 */
class DevoPluginIT {
    @TempDir
    static Path root;

    private static FakeModelManagerServer server;
    private static Path pluginDirectory;

    @BeforeAll
    static void startServerAndLayOutThePlugin() throws IOException {
        server = DevoTestServer.start();
        Path target = Path.of("target").toAbsolutePath();
        Path plugin = Files.createDirectories(root.resolve("plugins/devo"));
        try (Stream<Path> jars = Files.list(target)) {
            List<Path> pluginJars = jars
                    .filter(path -> path.getFileName().toString().matches("plugin-devo-.*(?<!-tests|-sources)\\.jar"))
                    .toList();
            assertThat(pluginJars).as("the packaged plugin jar in %s", target).hasSize(1);
            Files.copy(pluginJars.get(0), plugin.resolve(pluginJars.get(0).getFileName()));
        }
        try (Stream<Path> dependencies = Files.list(target.resolve("plugin-deps"))) {
            for (Path jar : dependencies.toList()) {
                Files.copy(jar, plugin.resolve(jar.getFileName()));
            }
        }
        pluginDirectory = root.resolve("plugins");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, Object> config(Path downloads) {
        Map<String, Object> connection = DevoTestServer.connection(server);
        Map<String, Object> finderConfig = new java.util.LinkedHashMap<>(connection);
        finderConfig.put("download_path", downloads.toString());
        return Map.of("model_management", Map.of(
                "finders", Map.of("devo", Map.of("type", "DEVO", "config", finderConfig)),
                "registries", Map.of("devo", Map.of("type", "DEVO", "config", connection)),
                "deployment_targets", Map.of("devo", Map.of("type", "devo", "config", connection))));
    }

    @Test
    void worksFromAPluginDirectory(@TempDir Path downloads) {
        try (TangoRuntime runtime = TangoRuntime.builder()
                .scanClassPath(false)
                .pluginDirectory(pluginDirectory)
                .config(config(downloads))
                .environment(Map.of())
                .strict(true)
                .build()) {
            assertThat(runtime.pluginReport().providers())
                    .filteredOn(provider -> provider.className().startsWith("io.tango.plugin.devo."))
                    .extracting(ProviderReport::plugin)
                    .containsOnly("devo")
                    .hasSize(3);
            exercise(runtime, downloads);
        }
    }

    @Test
    void worksFromTheClassPath(@TempDir Path downloads) {
        try (TangoRuntime runtime = TangoRuntime.builder()
                .config(config(downloads))
                .environment(Map.of())
                .build()) {
            exercise(runtime, downloads);
        }
    }

    private static void exercise(TangoRuntime runtime, Path downloads) {
        ModelDescriptor found = runtime.finder("devo").find(ModelKey.of("devo://devo/iris")).orElseThrow();
        assertThat(found.format()).isEqualTo("onnx");
        assertThat(found.artifactPath()).contains(downloads.resolve("iris.onnx"));
        assertThat(downloads.resolve("iris.onnx")).hasBinaryContent(DevoTestServer.IRIS);

        Path registryFolder = downloads.resolve("registry");
        ModelDescriptor downloaded = runtime.registry("devo").downloadModel(ModelKey.of("fraud"), registryFolder);
        assertThat(downloaded.format()).isEqualTo("devo-h2o");
        assertThat(registryFolder.resolve("fraud.zip")).hasBinaryContent(DevoTestServer.FRAUD);
        assertThat(runtime.registry("devo").nativeMetadata(ModelKey.of("iris"))).containsEntry("engine", "ONNX");

        assertThat(runtime.deploymentClient("devo").listDeployments()).extracting(Deployment::name)
                .contains("fraud", "iris");
    }
}
