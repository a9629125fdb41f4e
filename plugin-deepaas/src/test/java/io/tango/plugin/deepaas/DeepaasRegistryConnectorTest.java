package io.tango.plugin.deepaas;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.plugin.deepaas.client.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real DEEPaaS 2.6.0 serving the demo models, seen through the DEEPAAS registry connector. */
class DeepaasRegistryConnectorTest {
    private static DeepaasTestServer server;
    private static DeepaasRegistryConnector registry;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        registry = (DeepaasRegistryConnector) TestComponents.create(new DeepaasRegistryConnectorFactory(), "reg",
                TestComponents.serverConfig(server.baseUrl()));
    }

    @AfterAll
    static void stopServer() {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hasTheServerAsItsUrl() {
        assertThat(registry.registryUrl()).isEqualTo(server.baseUrl());
    }

    @Test
    void readsTheNativeMetadataAsTheServerSendsIt() {
        assertThat(registry.nativeMetadata(ModelKey.of("deepaas:/" + ECHO))).isEqualTo(Map.of(
                "id", "echo-1",
                "name", "Echo",
                "description", "Repeats its text.",
                "links", List.of(Map.of("rel", "self", "href", "/v2/models/demo-echo"))));
    }

    @Test
    void acceptsTheBareUrlKeyAndTheFullKey() {
        assertThat(registry.nativeMetadata(ModelKey.of(CLASSIFIER)))
                .containsEntry("labels", List.of("setosa", "versicolor", "virginica"))
                .isEqualTo(registry.nativeMetadata(ModelKey.of(server.key(CLASSIFIER))));
    }

    @Test
    void describesTheTrainArgumentsFromTheOpenApiDescription() {
        DeepaasModelDescription description = registry.describe(ModelKey.of(CLASSIFIER));

        assertThat(description.trainArguments()).containsExactly(
                new FieldSpec("epochs", DataType.INT64, List.of(), true, "Number of epochs", Optional.empty(), List.of()),
                new FieldSpec("epoch_seconds", DataType.FLOAT64, List.of(), false, "How long one epoch takes, in seconds",
                        Optional.of("0.2"), List.of()),
                new FieldSpec("learning_rate", DataType.FLOAT64, List.of(), false,
                        "Step size; above 1.0 the training fails", Optional.of("0.1"), List.of()),
                new FieldSpec("optimizer", DataType.STRING, List.of(), false, "Optimizer", Optional.of("sgd"),
                        List.of("sgd", "adam")));
        assertThat(description.predictArguments()).extracting(FieldSpec::name)
                .containsExactly("petal_length", "petal_width", "unit", "top_k", "calibrated", "attachment", "accept");
    }

    @Test
    void describesAModelWithoutTrainArguments() {
        DeepaasModelDescription description = registry.describe(ModelKey.of(ECHO));

        assertThat(description.displayName()).isEqualTo("Echo");
        assertThat(description.trainArguments()).isEmpty();
        assertThat(description.predictArguments()).extracting(FieldSpec::name).containsExactly("text", "times", "delay");
    }

    @Test
    void listsEveryModelOfTheServer() {
        assertThat(registry.listModels()).extracting(DeepaasModelDescription::model).containsExactly(CLASSIFIER, ECHO);
    }

    @Test
    void downloadsWhatTheServerPublishesAboutAModel(@TempDir Path folder) throws IOException {
        ModelDescriptor descriptor = registry.downloadModel(ModelKey.of(CLASSIFIER), folder);

        Path artifact = folder.resolve(CLASSIFIER);
        assertThat(descriptor.artifactPath()).contains(artifact);
        assertThat(descriptor.format()).isEqualTo("deepaas");
        assertThat(descriptor.endpoint()).contains(server.baseUrl());
        assertThat(descriptor.origin()).isEqualTo("registry reg");
        try (Stream<Path> files = Files.list(artifact)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("metadata.json", "predict.json", "train.json", "swagger.json");
        }
        assertThat(Json.toJava(Json.parse(Files.readAllBytes(artifact.resolve("metadata.json")))))
                .isEqualTo(registry.nativeMetadata(ModelKey.of(CLASSIFIER)));
    }

    @Test
    void replacesAnEarlierDownloadWithoutLeavingStagingFolders(@TempDir Path folder) throws IOException {
        registry.downloadModel(ModelKey.of(ECHO), folder);
        registry.downloadModel(ModelKey.of(ECHO), folder);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(ECHO);
        }
    }

    @Test
    void readsTheTrainOperationAsOneResource(@TempDir Path folder) throws IOException {
        String train = registry.getResource(ModelKey.of(CLASSIFIER), folder, "train.json");

        assertThat(Json.parse(train.getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("parameters").get(0)
                .path("name").asText()).isEqualTo("epochs");
    }

    @Test
    void rejectsAResourceItDoesNotPublish(@TempDir Path folder) {
        assertThatThrownBy(() -> registry.getResource(ModelKey.of(CLASSIFIER), folder, "MLmodel"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("DEEPaaS model 'demo-classifier' has no resource 'MLmodel'; resources: metadata.json,"
                        + " predict.json, train.json, swagger.json");
    }

    @Test
    void rejectsAModelTheServerDoesNotServe() {
        assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("no-such-model")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " has no model 'no-such-model' (key no-such-model)");
    }

    @Test
    void rejectsAKeyOfAnotherServer() {
        assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("deepaas://127.0.0.1:1/" + ECHO)))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("key 'deepaas://127.0.0.1:1/demo-echo' names http://127.0.0.1:1, not registry 'reg'"
                        + " (DEEPaaS at " + server.baseUrl() + ")");
    }
}
