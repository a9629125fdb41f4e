package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentState;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Train → save → find → load → predict → deploy → serve → predict over HTTP → update → restart → delete. */
class LocalDeploymentLifecycleTest {
    private static final String ROWS = """
            {"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                                 "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}""";

    @TempDir
    Path root;

    private LocalDeploymentClient client(LocalModelStore store) {
        return new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                ServingSettings.defaults(), Clock.systemUTC());
    }

    private static JsonNode predictions(URI url) {
        var response = Http.invoke(url, ROWS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(response.body()).get("predictions");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void runsTheWholeLifecycle() throws Exception {
        LocalModelStore store = new LocalModelStore(root);
        try (LocalModelTrainer trainer = new LocalModelTrainer("trainer", store, Fixtures.loader(), 1, 4, Duration.ofDays(1),
                Clock.systemUTC())) {
            trainer.train(TrainingRequest.of("iris", Fixtures.irisArguments())).result(Duration.ofMinutes(2));
        }
        ModelDescriptor found = new LocalModelFinder(store, "test").find(ModelKey.of("iris@latest")).orElseThrow();
        try (TangoModel<?, ?> model = new LocalModelInitializer(Fixtures.loader()).initialize(found).orElseThrow()) {
            Tensor labels = (Tensor) model.predict(TangoRequest.of(Fixtures.irisColumns(1))).output("label").orElseThrow();
            assertThat(labels.strings()).containsExactly("setosa");
        }

        URI url;
        try (LocalDeploymentClient client = client(store)) {
            Deployment deployment = client.createDeployment("flowers", "iris", Optional.empty(), Map.of("serve", "true"));
            assertThat(deployment.state()).isEqualTo(DeploymentState.READY);
            assertThat(deployment.flavor()).contains("onnx");
            assertThat(deployment.details()).containsEntry("model", "iris").containsEntry("version", "1").containsEntry("serve", "true");
            url = deployment.url().orElseThrow();
            assertThat(predictions(url).get(0).get("label").asText()).isEqualTo("setosa");

            TangoResponse direct = client.predict("flowers", TangoRequest.of(Fixtures.irisColumns(2)));
            assertThat(((Tensor) direct.output("label").orElseThrow()).strings()).containsExactly("setosa", "setosa");
            TangoResponse explanation = client.explain("flowers", TangoRequest.of(Fixtures.irisColumns(1)));
            assertThat(explanation.output("target")).contains(List.of("setosa"));

            // a second version, swapped in under the running server
            try (LocalModelTrainer trainer = new LocalModelTrainer("trainer", store, Fixtures.loader(), 1, 4, Duration.ofDays(1),
                    Clock.systemUTC())) {
                trainer.train(TrainingRequest.of("iris", Fixtures.irisArguments())).result(Duration.ofMinutes(2));
            }
            Deployment updated = client.updateDeployment("flowers", Optional.of("iris/2"), Optional.empty(), Map.of());
            assertThat(updated.url()).contains(url);
            assertThat(updated.details()).containsEntry("version", "2");
            assertThat(predictions(url).get(1).get("label").asText()).isEqualTo("virginica");
        }
        assertThatThrownBy(() -> Http.get(url, "/ping")).isInstanceOf(UncheckedIOException.class);

        try (LocalDeploymentClient restarted = client(store)) {
            Deployment back = restarted.getDeployment("flowers");
            assertThat(back.state()).isEqualTo(DeploymentState.READY);
            assertThat(back.modelUri()).isEqualTo("iris/2");
            assertThat(restarted.listDeployments()).extracting(Deployment::name).containsExactly("flowers");
            URI newUrl = back.url().orElseThrow();
            assertThat(predictions(newUrl).get(0).get("label").asText()).isEqualTo("setosa");

            restarted.deleteDeployment("flowers", Map.of());
            restarted.deleteDeployment("flowers", Map.of());

            assertThatThrownBy(() -> restarted.getDeployment("flowers")).isInstanceOf(DeploymentNotFoundException.class);
            assertThatThrownBy(() -> Http.get(newUrl, "/ping")).isInstanceOf(UncheckedIOException.class);
            assertThat(Files.exists(store.deploymentsDirectory().resolve("flowers.json"))).isFalse();
        }
        assertThat(store.versions("iris")).hasSize(2);
    }

    @Test
    void startsAndStopsServingAnExistingDeployment() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        try (LocalDeploymentClient client = client(store)) {
            assertThat(client.createDeployment("d", "iris", Optional.empty(), Map.of()).url()).isEmpty();

            URI url = client.updateDeployment("d", Optional.empty(), Optional.empty(), Map.of("serve", "true")).url().orElseThrow();
            assertThat(Http.get(url, "/ping").statusCode()).isEqualTo(200);

            assertThat(client.updateDeployment("d", Optional.empty(), Optional.empty(), Map.of("serve", "false")).url()).isEmpty();
            assertThatThrownBy(() -> Http.get(url, "/ping")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void comesBackFailedWhenItsModelIsGone() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        try (LocalDeploymentClient client = client(store)) {
            client.createDeployment("d", "iris/1", Optional.empty(), Map.of());
        }
        store.delete("iris", "1");

        try (LocalDeploymentClient restarted = client(store)) {
            Deployment failed = restarted.getDeployment("d");
            assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(failed.details().get("error")).isEqualTo("model 'iris/1' is not in the local store at " + store.root()
                    + " (the store is empty) and is not a model folder or .onnx file");
            assertThatThrownBy(() -> restarted.predict("d", TangoRequest.of(Fixtures.irisColumns(1))))
                    .hasMessageStartingWith("deployment 'd' is FAILED: ");
        }
    }

    @Test
    void rejectsAMissingModelADuplicateAndBadConfig() {
        LocalModelStore store = new LocalModelStore(root);
        try (LocalDeploymentClient client = client(store)) {
            assertThatThrownBy(() -> client.createDeployment("d", "iris", Optional.empty(), Map.of()))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessage("model 'iris' is not in the local store at " + store.root()
                            + " (the store is empty) and is not a model folder or .onnx file");

            Fixtures.train(store, "iris", Fixtures.irisArguments());
            client.createDeployment("d", "iris", Optional.empty(), Map.of());
            assertThatThrownBy(() -> client.createDeployment("d", "iris", Optional.empty(), Map.of()))
                    .isInstanceOf(DeploymentAlreadyExistsException.class)
                    .hasMessage("deployment 'd' already exists on target 'local'; update it or delete it first");
            assertThatThrownBy(() -> client.createDeployment("e", "iris", Optional.empty(), Map.of("replicas", "2")))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("unknown config key 'replicas' for deployment target 'local'; keys: [serve, port, grpc_port, host, max_batch_size, max_batch_delay, preferred_batch_sizes]");
            assertThatThrownBy(() -> client.createDeployment("e", "iris", Optional.of("sklearn"), Map.of()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("flavor 'sklearn' is not offered for model 'iris'; target 'local' serves it with flavor 'onnx'");
            assertThat(client.listDeployments()).extracting(Deployment::name).containsExactly("d");
        }
    }

    @Test
    void runsLocallyUntilInterrupted() throws Exception {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        try (LocalDeploymentClient client = client(store)) {
            Thread foreground = new Thread(() -> client.runLocal("local-run", "iris", Optional.empty(), Map.of("port", Integer.toString(port))));
            foreground.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!isUp(url)) {
                assertThat(System.nanoTime()).as("run-local serves in time").isLessThan(deadline);
                foreground.join(20);
            }
            assertThat(predictions(url).get(0).get("label").asText()).isEqualTo("setosa");

            foreground.interrupt();
            foreground.join(Duration.ofSeconds(30).toMillis());

            assertThat(foreground.isAlive()).isFalse();
            assertThat(isUp(url)).isFalse();
            assertThat(client.listDeployments()).isEmpty();
        }
    }

    private static boolean isUp(URI url) {
        try {
            return Http.get(url, "/ping").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
