package io.tango.plugin.devo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Target {@code devo}: what create and update send, and why delete and predict are refused. */
class DevoDeploymentClientTest {
    @TempDir
    static Path files;

    private static FakeModelManagerServer server;
    private static DeploymentClient client;

    @BeforeAll
    static void start() {
        server = DevoTestServer.start();
        client = new DevoDeploymentClientFactory().create(MapTangoConfig.of(DevoTestServer.connection(server)), "prod");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(files.resolve(name), content);
    }

    @Test
    void createsAModelWithTheEngineInferredFromTheExtension() throws Exception {
        Path model = file("churn.onnx", "churn");
        Deployment deployment = client.createDeployment("churn", model.toString(), Optional.empty(),
                Map.of("description", "Churn"));
        assertThat(deployment.name()).isEqualTo("churn");
        assertThat(deployment.target()).isEqualTo("devo");
        assertThat(deployment.modelUri()).isEqualTo(model.toString());
        assertThat(deployment.flavor()).contains("ONNX");
        assertThat(deployment.state()).isEqualTo(DeploymentState.READY);
        assertThat(deployment.details()).containsEntry("description", "Churn").containsEntry("engine", "ONNX");
        assertThat(server.modelFile(DevoTestServer.DOMAIN, "churn")).contains("churn".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesTheEngineFromTheFlavor() throws Exception {
        Path model = file("mojo.zip", "mojo");
        assertThat(client.createDeployment("mojo", model.toUri().toString(), Optional.of("H2O"), Map.of()).flavor())
                .contains("H2O");
    }

    @Test
    void asksForTheEngineWhenTheExtensionIsAmbiguous() throws Exception {
        Path model = file("ambiguous.zip", "zip");
        assertThatThrownBy(() -> client.createDeployment("ambiguous", model.toString(), Optional.empty(), Map.of()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Cannot tell the Devo engine of 'ambiguous.zip': give it as the flavor or"
                        + " config 'engine'");
    }

    @Test
    void rejectsAMissingModelFile() {
        Path missing = files.resolve("missing.onnx");
        assertThatThrownBy(() -> client.createDeployment("x", missing.toString(), Optional.empty(), Map.of()))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessage("Model file '" + missing + "' does not exist or is not a file");
    }

    @Test
    void rejectsUnknownConfig() throws Exception {
        Path model = file("cfg.onnx", "cfg");
        assertThatThrownBy(() -> client.createDeployment("cfg", model.toString(), Optional.empty(),
                Map.of("replicas", "2")))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("Unknown config of target 'devo': [replicas]; known: [description, engine]");
    }

    @Test
    void updatesTheDescriptionByUploadingTheCurrentFileAgain() {
        client.updateDeployment("iris", Optional.empty(), Optional.empty(), Map.of("description", "Iris v2"));
        assertThat(server.model(DevoTestServer.DOMAIN, "iris").orElseThrow().get("description").asText())
                .isEqualTo("Iris v2");
        assertThat(server.modelFile(DevoTestServer.DOMAIN, "iris")).contains(DevoTestServer.IRIS);
        assertThat(client.getDeployment("iris").modelUri()).isEqualTo("devo://prod/iris");
    }

    @Test
    void refusesAFlavorWithoutAModelUri() {
        assertThatThrownBy(() -> client.updateDeployment("iris", Optional.empty(), Optional.of("ONNX"), Map.of()))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("A flavor (engine) can only be changed together with the model URI");
    }

    @Test
    void listsModelsCreatedElsewhereWithTheirDevoKey() {
        assertThat(client.listDeployments()).filteredOn(deployment -> deployment.name().equals("fraud"))
                .singleElement()
                .satisfies(deployment -> {
                    assertThat(deployment.modelUri()).isEqualTo("devo://prod/fraud");
                    assertThat(deployment.flavor()).contains("H2O");
                });
    }

    @Test
    void explainsWhyItCannotDelete() {
        assertThatThrownBy(() -> client.deleteDeployment("iris", Map.of()))
                .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("deployment target 'devo' does not support delete: Devo's ML Model Manager API has no"
                        + " endpoint to delete a model; delete it in the Devo web application");
    }

    @Test
    void explainsWhyItCannotPredict() {
        assertThatThrownBy(() -> client.predict("iris", TangoRequest.of(Map.of("x", 1))))
                .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("deployment target 'devo' does not support predict: Devo evaluates models inside its query"
                        + " engine, with mlevalmodel(\"<domain>\", \"iris\", ...) in a LINQ query; the ML Model Manager"
                        + " offers no prediction endpoint");
    }
}
