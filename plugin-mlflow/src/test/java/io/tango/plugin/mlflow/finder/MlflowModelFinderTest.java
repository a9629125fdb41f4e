package io.tango.plugin.mlflow.finder;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.testkit.contract.ModelFinderContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(MlflowServerExtension.class)
class MlflowModelFinderTest extends ModelFinderContractTest {
    private static MlflowTestServer server;
    private static Path cacheDir;
    private static MlflowModelFinder finder;

    @BeforeAll
    static void connect(MlflowTestServer mlflow) {
        server = mlflow;
        cacheDir = mlflow.newFolder("finder-cache");
        finder = new MlflowModelFinder(MlflowConnection.of(mlflow.trackingUri()), cacheDir, 1L << 30,
                Optional.of("tango.explainer"), "test");
    }

    @AfterAll
    static void close() {
        finder.close();
    }

    @Override
    protected ModelFinder finder() {
        return finder;
    }

    @Override
    protected ModelKey existingKey() {
        return ModelKey.of("models:/iris-onnx/1");
    }

    @Override
    protected ModelKey missingKey() {
        return ModelKey.of("models:/iris-onnx/99");
    }

    @Test
    void describesAnOnnxModelSoPluginLocalCanRunIt() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/iris-onnx/1")).orElseThrow();

        Path folder = descriptor.artifactPath().orElseThrow();
        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.name()).isEqualTo("iris-onnx");
        assertThat(descriptor.version()).contains("1");
        assertThat(folder.resolve("MLmodel")).isRegularFile();
        assertThat(folder.resolve("model.onnx")).isRegularFile();
        assertThat(descriptor.metadata())
                .containsEntry("onnx.file", "model.onnx")
                .containsEntry("mlflow.flavors", "onnx,python_function")
                .containsEntry("mlflow.model_uri", "models:/iris-onnx/1")
                .containsEntry("mlflow.run_id", server.manifest().path("onnx").path("runs").get(0).asText())
                .containsEntry("mlflow.tracking_uri", server.trackingUri().toString())
                .containsEntry("mlflow.pyfunc.loader_module", "mlflow.onnx");
        assertThat(descriptor.signature().inputs())
                .containsExactly(new FieldSpec("input", DataType.FLOAT32, List.of(-1L, 4L), true, "", Optional.empty(), List.of()));
        assertThat(descriptor.origin()).isEqualTo("finder test");
    }

    @Test
    void describesAColumnSignature() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/iris-sklearn/1")).orElseThrow();

        assertThat(descriptor.format()).isEqualTo("mlflow-pyfunc");
        assertThat(descriptor.signature().inputs()).extracting(FieldSpec::name, FieldSpec::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sepal_length", DataType.FLOAT64),
                org.assertj.core.groups.Tuple.tuple("sepal_width", DataType.FLOAT64),
                org.assertj.core.groups.Tuple.tuple("petal_length", DataType.FLOAT64),
                org.assertj.core.groups.Tuple.tuple("petal_width", DataType.FLOAT64));
        assertThat(descriptor.signature().outputs()).extracting(FieldSpec::type, FieldSpec::shape)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DataType.INT64, List.of(-1L)));
        assertThat(descriptor.metadata())
                .containsEntry("mlflow.aliases", "champion")
                .containsEntry("mlflow.tag.stage", "tested")
                .containsEntry("mlflow.registered_model.tag.team", "tango");
    }

    @Test
    void resolvesAnAliasToItsVersion() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/iris-onnx@prod")).orElseThrow();

        assertThat(descriptor.key()).isEqualTo(ModelKey.of("models:/iris-onnx@prod"));
        assertThat(descriptor.version()).contains("2");
        assertThat(descriptor.metadata()).containsEntry("mlflow.model_uri", "models:/iris-onnx/2");
    }

    @Test
    void resolvesLatestToTheHighestVersion() {
        assertThat(finder.find(ModelKey.of("models:/iris-onnx/latest")).orElseThrow().version()).contains("2");
    }

    @Test
    void findsALoggedModelById() {
        String modelId = server.manifest().path("onnx").path("model_ids").get(0).asText();

        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/" + modelId)).orElseThrow();

        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.version()).isEmpty();
        assertThat(descriptor.metadata()).containsEntry("mlflow.model_id", modelId);
    }

    @Test
    void findsAModelARunLoggedByItsRunPath() {
        String run = server.manifest().path("onnx").path("runs").get(1).asText();

        ModelDescriptor descriptor = finder.find(ModelKey.of("runs:/" + run + "/model")).orElseThrow();

        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.metadata()).containsEntry("mlflow.model_id",
                server.manifest().path("onnx").path("model_ids").get(1).asText());
    }

    @Test
    void answersEmptyForAMissingAlias() {
        assertThat(finder.find(ModelKey.of("models:/iris-onnx@nobody"))).isEmpty();
    }

    @Test
    void answersEmptyForAMissingRegisteredModel() {
        assertThat(finder.find(ModelKey.of("models:/no-such-model/latest"))).isEmpty();
    }

    @Test
    void answersEmptyForAMissingRun() {
        assertThat(finder.find(ModelKey.of("runs:/0123456789abcdef/model"))).isEmpty();
    }

    @Test
    void reusesTheDownloadOfAVersion() throws Exception {
        Path first = finder.find(ModelKey.of("models:/iris-onnx/2")).orElseThrow().artifactPath().orElseThrow();
        FileTime written = Files.getLastModifiedTime(first.resolve("model.onnx"));

        Path second = finder.find(ModelKey.of("models:/iris-onnx@prod")).orElseThrow().artifactPath().orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second.resolve("model.onnx"))).isEqualTo(written);
        assertThat(first).startsWith(cacheDir);
    }

    @Test
    void findsTheExplainerATagNames() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/iris-sklearn/1")).orElseThrow();

        assertThat(descriptor.metadata()).containsEntry("mlflow.explainer.uri", "models:/iris-explainer/1");
    }

    @Test
    void findsTheExplainerLoggedInTheSameRun() {
        String run = server.manifest().path("sklearn").path("runs").get(1).asText();

        ModelDescriptor descriptor = finder.find(ModelKey.of("runs:/" + run + "/model")).orElseThrow();

        assertThat(descriptor.metadata()).containsEntry("mlflow.explainer.uri",
                "models:/" + server.manifest().path("sklearn").path("explainer_model_id").asText());
    }

    @Test
    void findsNoExplainerWhereNoneWasLogged() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/no-explainer/1")).orElseThrow();

        assertThat(descriptor.metadata()).doesNotContainKey("mlflow.explainer.uri");
    }

    @Test
    void describesARunningScoringServer() {
        String url = server.scoringServer("models:/iris-sklearn/1").toString();

        ModelDescriptor descriptor = finder.find(ModelKey.of("mlflow+" + url)).orElseThrow();

        assertThat(descriptor.format()).isEqualTo("mlflow-scoring-server");
        assertThat(descriptor.endpoint()).contains(java.net.URI.create(url));
        assertThat(descriptor.metadata()).containsEntry("mlflow.scoring_server.mlflow_version",
                server.manifest().path("mlflow_version").asText());
    }
}
