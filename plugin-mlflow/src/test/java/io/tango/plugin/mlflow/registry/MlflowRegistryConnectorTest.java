package io.tango.plugin.mlflow.registry;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(MlflowServerExtension.class)
class MlflowRegistryConnectorTest extends ModelRegistryConnectorContractTest {
    private static MlflowTestServer server;
    private static MlflowRegistryConnector connector;

    @BeforeAll
    static void connect(MlflowTestServer mlflow) {
        server = mlflow;
        connector = new MlflowRegistryConnector(MlflowConnection.of(mlflow.trackingUri()), 1L << 30, "tango.explainer",
                "test");
    }

    @AfterAll
    static void close() {
        connector.close();
    }

    @Override
    protected ModelRegistryConnector connector() {
        return connector;
    }

    @Override
    protected ModelKey existingKey() {
        return ModelKey.of("models:/iris-sklearn/1");
    }

    @Override
    protected ModelKey missingKey() {
        return ModelKey.of("models:/no-such-model/1");
    }

    @Override
    protected String resourcePath() {
        return "requirements.txt";
    }

    @Test
    void readsTheRegisteredModelVersionRunAndSignature() {
        Map<String, Object> metadata = connector.nativeMetadata(ModelKey.of("models:/iris-sklearn@champion"));

        assertThat(metadata).containsEntry("model_uri", "models:/iris-sklearn/1");
        assertThat(map(metadata.get("registered_model")))
                .containsEntry("name", "iris-sklearn")
                .containsEntry("tags", List.of(Map.of("key", "team", "value", "tango"),
                        Map.of("key", "tango.explainer", "value", "models:/iris-explainer/1")))
                .containsEntry("aliases", List.of(Map.of("alias", "champion", "version", "1")));
        assertThat(map(metadata.get("model_version")))
                .containsEntry("version", "1")
                .containsEntry("run_id", server.manifest().path("sklearn").path("runs").get(0).asText())
                .containsEntry("source", "models:/" + server.manifest().path("sklearn").path("model_ids").get(0).asText())
                .containsEntry("aliases", List.of("champion"))
                .containsEntry("tags", List.of(Map.of("key", "stage", "value", "tested")));
        assertThat(map(map(metadata.get("run")).get("info"))).containsEntry("run_name", "iris-sklearn-C1.0");
        List<?> inputs = (List<?>) map(metadata.get("signature")).get("inputs");
        assertThat(inputs.stream().map(column -> map(column).get("name")).toList())
                .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        assertThat(map(map(metadata.get("mlmodel")).get("flavors"))).containsKeys("python_function", "sklearn");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void resolvesTheLatestVersion() {
        assertThat(connector.nativeMetadata(ModelKey.of("models:/iris-sklearn/latest"))).containsEntry("model_uri",
                "models:/iris-sklearn/2");
    }

    @Test
    void reportsAMissingVersionAsModelNotFound() {
        assertThatThrownBy(() -> connector.nativeMetadata(ModelKey.of("models:/iris-sklearn/99")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("MLflow at " + server.trackingUri() + ": Model Version (name=iris-sklearn, version=99) not found");
    }

    @Test
    void reportsAMissingAliasAsModelNotFound() {
        assertThatThrownBy(() -> connector.nativeMetadata(ModelKey.of("models:/iris-sklearn@nobody")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("MLflow at " + server.trackingUri() + ": Registered model alias nobody not found.");
    }

    @Test
    void reportsAMissingRegisteredModelAsModelNotFound() {
        assertThatThrownBy(() -> connector.nativeMetadata(ModelKey.of("models:/no-such-model@champion")))
                .isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> connector.nativeMetadata(ModelKey.of("models:/no-such-model/latest")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("MLflow at " + server.trackingUri() + ": Registered Model with name=no-such-model not found");
    }

    @Test
    void rejectsAKeyThatIsNoMlflowUri() {
        assertThatThrownBy(() -> connector.nativeMetadata(ModelKey.of("iris/3")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageStartingWith("'iris/3' is not an MLflow model URI");
    }

    @Test
    void downloadsANestedModelWithAllItsFolders(@TempDir Path folder) throws Exception {
        ModelDescriptor descriptor = connector.downloadModel(ModelKey.of("models:/iris-sklearn/2"), folder);

        Path model = folder.resolve("iris-sklearn").resolve("2");
        assertThat(descriptor.artifactPath()).contains(model);
        assertThat(model.resolve("code/tango_fixture/util/deep/constants.py")).hasContent("ANSWER = 42");
        assertThat(model.resolve("MLmodel")).exists();
        assertThat(model.resolve("model.skops")).exists();
        try (Stream<Path> leftovers = Files.list(folder.resolve("iris-sklearn"))) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).containsExactly("2");
        }
        assertThat(descriptor.format()).isEqualTo("mlflow-pyfunc");
        assertThat(descriptor.version()).contains("2");
        assertThat(descriptor.origin()).isEqualTo("registry test");
    }

    @Test
    void downloadsTheFolderOfARunPath(@TempDir Path folder) {
        String run = server.manifest().path("nested_run").asText();
        ModelDescriptor descriptor = connector.downloadModel(ModelKey.of("runs:/" + run + "/nested/deeper/model"), folder);

        assertThat(descriptor.artifactPath()).contains(folder.resolve("runs").resolve(run).resolve("nested/deeper/model"));
        assertThat(folder.resolve("runs").resolve(run).resolve("nested/deeper/model/MLmodel")).exists();
        assertThat(descriptor.name()).isEqualTo("model");
        assertThat(descriptor.version()).isEmpty();
        assertThat(descriptor.metadata()).containsEntry("mlflow.run_id", run);
    }

    @Test
    void readsTheMlmodelFileAsText(@TempDir Path folder) {
        String mlmodel = connector.getResource(ModelKey.of("models:/iris-onnx@prod"), folder, "MLmodel");

        assertThat(mlmodel).contains("onnx:", "data: model.onnx",
                "model_id: " + server.manifest().path("onnx").path("model_ids").get(1).asText());
    }

    @Test
    void rejectsAResourcePathOutsideTheModel(@TempDir Path folder) {
        assertThatThrownBy(() -> connector.getResource(existingKey(), folder, "../../etc/passwd"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("resource path '../../etc/passwd' must not have empty, '.' or '..' segments");
    }
}
