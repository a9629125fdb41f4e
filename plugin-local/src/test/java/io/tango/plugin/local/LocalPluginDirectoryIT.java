package io.tango.plugin.local;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.TrainingRequest;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * plugin-local dropped into a plugin directory (its jar plus {@code target/plugin-deps}, as the build packages them)
 * and used by a runtime that does not scan the class path: every class of the plugin comes from its own class loader.
 */
class LocalPluginDirectoryIT {
    @TempDir
    Path folder;

    @Test
    void trainsPredictsAndServesFromAPluginDirectory() throws Exception {
        Path plugin = Files.createDirectories(folder.resolve("plugins/local"));
        for (Path jar : pluginJars()) {
            Files.copy(jar, plugin.resolve(jar.getFileName()));
        }
        Path root = folder.resolve("store");
        String iris = Path.of(LocalPluginDirectoryIT.class.getResource("/datasets/iris.csv").toURI()).toString();

        try (TangoRuntime runtime = TangoRuntime.builder()
                .scanClassPath(false)
                .pluginDirectory(folder.resolve("plugins"))
                .configYaml(LocalRuntimeTest.config(root))
                .environment(Map.of())
                .build()) {
            runtime.modelManager().train(TrainingRequest.of("iris", Map.of("data", iris, "target", "species", "epochs", 30)))
                    .result(Duration.ofMinutes(2));
            LoadedModel model = runtime.modelManager().load("iris");
            Tensor labels = (Tensor) model.predict(TangoRequest.of(Map.of(
                    "sepal_length", List.of(5.1), "sepal_width", List.of(3.5),
                    "petal_length", List.of(1.4), "petal_width", List.of(0.2)))).output("label").orElseThrow();
            assertThat(labels.strings()).containsExactly("setosa");

            DeploymentClient client = runtime.deploymentClient("local");
            Deployment deployment = client.createDeployment("iris", "iris", Optional.empty(), Map.of("serve", "true"));
            URI url = deployment.url().orElseThrow();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/invocations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("{\"predictions\":{\"label\":[\"setosa\"],\"probabilities\":[[");
            client.deleteDeployment("iris", Map.of());
        }
    }

    private static List<Path> pluginJars() throws IOException {
        Path target = Path.of("target");
        List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = new java.util.ArrayList<>(files.filter(path -> path.getFileName().toString().matches("plugin-local-.*\\.jar")
                    && !path.getFileName().toString().endsWith("-sources.jar")).toList());
        }
        assertThat(jars).as("the plugin jar in %s", target.toAbsolutePath()).hasSize(1);
        try (Stream<Path> files = Files.list(target.resolve("plugin-deps"))) {
            jars.addAll(files.filter(path -> path.getFileName().toString().endsWith(".jar")).toList());
        }
        assertThat(jars).noneMatch(path -> path.getFileName().toString().startsWith("tango-api")
                || path.getFileName().toString().startsWith("slf4j-api"));
        return jars;
    }
}
