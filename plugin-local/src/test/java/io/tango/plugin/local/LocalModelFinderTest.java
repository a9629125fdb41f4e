package io.tango.plugin.local;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoredModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalModelFinderTest {
    @TempDir
    static Path root;
    @TempDir
    static Path elsewhere;

    private static LocalModelStore store;
    private static LocalModelFinder finder;
    private static StoredModel first;

    @BeforeAll
    static void trainTwoVersions() {
        store = new LocalModelStore(root.resolve("store"));
        first = Fixtures.train(store, "iris", Fixtures.irisArguments());
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        finder = new LocalModelFinder(store, "default");
    }

    @Test
    void findsTheLatestVersionByName() {
        ModelDescriptor descriptor = finder.find(ModelKey.of("iris")).orElseThrow();

        assertThat(descriptor.name()).isEqualTo("iris");
        assertThat(descriptor.version()).contains("2");
        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.artifactPath()).contains(store.root().resolve("models/iris/2/model.onnx"));
        assertThat(descriptor.origin()).isEqualTo("finder default");
        assertThat(descriptor.signature().inputs()).extracting(FieldSpec::name).containsExactlyElementsOf(Fixtures.IRIS_FEATURES);
    }

    @Test
    void findsAVersionAndTheLatestAlias() {
        assertThat(finder.find(ModelKey.of("iris/1")).orElseThrow().version()).contains("1");
        assertThat(finder.find(ModelKey.of("iris@latest")).orElseThrow().version()).contains("2");
    }

    @Test
    void answersEmptyForWhatItDoesNotHave() {
        assertThat(finder.find(ModelKey.of("iris/7"))).isEmpty();
        assertThat(finder.find(ModelKey.of("iris@champion"))).isEmpty();
        assertThat(finder.find(ModelKey.of("wine"))).isEmpty();
        assertThat(finder.find(ModelKey.of("models:/iris/1"))).isEmpty();
        assertThat(finder.find(ModelKey.of(elsewhere.resolve("missing").toString()))).isEmpty();
    }

    @Test
    void findsAStoreFolderByPath() {
        ModelDescriptor descriptor = finder.find(ModelKey.of(first.directory().toString())).orElseThrow();

        assertThat(descriptor.name()).isEqualTo("iris");
        assertThat(descriptor.version()).contains("1");
    }

    @Test
    void findsABareOnnxFileByPathAndFileUri() throws IOException {
        Path file = Files.copy(first.artifactPath(), elsewhere.resolve("flowers.onnx"));

        ModelDescriptor byPath = finder.find(ModelKey.of(file.toString())).orElseThrow();
        ModelDescriptor byUri = finder.find(ModelKey.of(file.toUri().toString())).orElseThrow();

        assertThat(byPath.name()).isEqualTo("flowers");
        assertThat(byPath.format()).isEqualTo("onnx");
        assertThat(byPath.artifactPath()).contains(file);
        assertThat(byUri.artifactPath()).contains(file);
    }

    @Test
    void readsAnMlflowOnnxModelFolder() throws IOException {
        Path folder = Files.createDirectories(elsewhere.resolve("mlflow-iris"));
        Files.copy(first.artifactPath(), folder.resolve("model.onnx"));
        Files.writeString(folder.resolve("MLmodel"), """
                artifact_path: model
                flavors:
                  onnx:
                    data: model.onnx
                    onnx_version: 1.17.0
                    providers: [CPUExecutionProvider]
                  python_function:
                    data: model.onnx
                    env: {conda: conda.yaml, virtualenv: python_env.yaml}
                    loader_module: mlflow.onnx
                mlflow_version: 2.20.0
                run_id: 0123456789abcdef
                signature:
                  inputs: '[{"type": "double", "name": "sepal_length", "required": true}, {"type": "double", "name": "sepal_width", "required": true}, {"type": "double", "name": "petal_length", "required": true}, {"type": "double", "name": "petal_width", "required": true}]'
                  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}, "name": "probabilities"}]'
                  params: null
                """);

        ModelDescriptor descriptor = finder.find(ModelKey.of(folder.toString())).orElseThrow();

        assertThat(descriptor.format()).isEqualTo("onnx");
        assertThat(descriptor.artifactPath()).contains(folder);
        assertThat(descriptor.metadata()).containsEntry("mlflow.run_id", "0123456789abcdef").containsEntry("onnx.file", "model.onnx");
        assertThat(descriptor.signature().inputs()).containsExactly(
                new FieldSpec("sepal_length", DataType.FLOAT64, List.of(-1L), true, "", java.util.Optional.empty(), List.of()),
                new FieldSpec("sepal_width", DataType.FLOAT64, List.of(-1L), true, "", java.util.Optional.empty(), List.of()),
                new FieldSpec("petal_length", DataType.FLOAT64, List.of(-1L), true, "", java.util.Optional.empty(), List.of()),
                new FieldSpec("petal_width", DataType.FLOAT64, List.of(-1L), true, "", java.util.Optional.empty(), List.of()));
        assertThat(descriptor.signature().outputs()).containsExactly(FieldSpec.of("probabilities", DataType.FLOAT32, -1, 3));
    }

    @Test
    void refusesAnMlflowModelWithoutAnOnnxFlavor() throws IOException {
        Path folder = Files.createDirectories(elsewhere.resolve("mlflow-sklearn"));
        Files.writeString(folder.resolve("MLmodel"), """
                flavors:
                  python_function: {loader_module: mlflow.sklearn, model_path: model.pkl}
                  sklearn: {pickled_model: model.pkl}
                """);

        assertThatThrownBy(() -> finder.find(ModelKey.of(folder.toString())))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("MLflow model at " + folder + " has flavors [python_function, sklearn]; plugin-local runs only the"
                        + " 'onnx' flavor");
    }

    @Test
    void findsNothingInAnEmptyStore() {
        LocalModelFinder empty = new LocalModelFinder(new LocalModelStore(elsewhere.resolve("empty-store")), "empty");

        assertThat(empty.find(ModelKey.of("iris"))).isEmpty();
    }
}
