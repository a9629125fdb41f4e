package io.tango.plugin.local;

import io.tango.api.DataType;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoredModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The onnx engine through the initializer: request mapping, signature checks, and broken artifacts. */
class OnnxModelEngineTest {
    @TempDir
    static Path root;

    private static LocalModelStore store;
    private static StoredModel stored;
    private static LocalModelInitializer initializer;
    private static TangoModel<?, ?> iris;

    @BeforeAll
    static void trainIris() {
        store = new LocalModelStore(root.resolve("store"));
        stored = Fixtures.train(store, "iris", Fixtures.irisArguments());
        initializer = new LocalModelInitializer(Fixtures.loader());
        iris = initializer.initialize(descriptor()).orElseThrow();
    }

    @AfterAll
    static void closeModel() {
        iris.close();
    }

    private static ModelDescriptor descriptor() {
        return stored.descriptor(ModelKey.of("iris"), "test");
    }

    @Test
    void predictsLabelsAndProbabilitiesFromColumns() {
        TangoResponse response = iris.predict(TangoRequest.of(Fixtures.irisColumns(3)));

        assertThat(((Tensor) response.output("label").orElseThrow()).strings()).containsExactly("setosa", "setosa", "setosa");
        Tensor probabilities = (Tensor) response.output("probabilities").orElseThrow();
        assertThat(probabilities.shape()).containsExactly(3, 3);
        assertThat(response.metadata()).containsEntry("model", "iris").containsEntry("version", "1").containsEntry("engine", "onnx");
    }

    @Test
    void takesColumnsByNameInAnyOrder() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> names = Fixtures.IRIS_FEATURES;
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), Fixtures.irisColumns(5).get(names.get(i)));
        }

        assertThat(iris.predict(TangoRequest.of(reversed)).outputs())
                .isEqualTo(iris.predict(TangoRequest.of(Fixtures.irisColumns(5))).outputs());
    }

    @Test
    void takesTheNamedTensorAsNestedListsOrATensor() {
        List<double[]> rows = Fixtures.irisRows(0, 2);
        List<List<Double>> nested = rows.stream().map(row -> Arrays.stream(row).boxed().toList()).toList();
        float[] flat = new float[8];
        for (int i = 0; i < 8; i++) {
            flat[i] = (float) rows.get(i / 4)[i % 4];
        }

        TangoResponse fromLists = iris.predict(TangoRequest.of(Map.of("input", nested)));
        TangoResponse fromTensor = iris.predict(TangoRequest.of(Map.of("input", Tensor.ofFloats(flat, 2, 4))));

        assertThat(fromLists.outputs()).isEqualTo(iris.predict(TangoRequest.of(Fixtures.irisColumns(2))).outputs());
        assertThat(fromTensor.outputs()).isEqualTo(fromLists.outputs());
    }

    @Test
    void takesATensorOverAHeapBufferAsOneOverADirectBuffer() {
        float[] flat = irisFloats(2);
        ByteBuffer heap = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.nativeOrder());
        heap.asFloatBuffer().put(flat);

        ByteBuffer direct = ByteBuffer.allocateDirect(flat.length * 4).order(ByteOrder.nativeOrder());
        direct.asFloatBuffer().put(flat);

        TangoResponse fromHeap = iris.predict(TangoRequest.of(Map.of("input", Tensor.wrap(DataType.FLOAT32, heap, 2, 4))));
        TangoResponse fromDirect = iris.predict(TangoRequest.of(Map.of("input", Tensor.wrap(DataType.FLOAT32, direct, 2, 4))));

        assertThat(fromHeap.outputs()).isEqualTo(fromDirect.outputs());
        assertThat(fromHeap.outputs()).isEqualTo(iris.predict(TangoRequest.of(Fixtures.irisColumns(2))).outputs());
    }

    @Test
    void feedsEachRequestItsOwnNumberOfRowsWhenTheyAlternate() {
        for (int rows : new int[] {2, 3, 2, 1, 3}) {
            TangoResponse response = iris.predict(TangoRequest.of(Map.of("input", Tensor.ofFloats(irisFloats(rows), rows, 4))));

            assertThat(((Tensor) response.output("probabilities").orElseThrow()).shape()).containsExactly(rows, 3);
            assertThat(response.outputs()).isEqualTo(iris.predict(TangoRequest.of(Fixtures.irisColumns(rows))).outputs());
        }
    }

    @Test
    void answersEachRequestOfAThreadRightWhileItsStagingBufferGrowsAndIsBypassed() {
        // 1 row fits the first staging buffer, 4,000 rows (64,000 bytes) make it grow, 4,100 rows (65,600 bytes) are
        // over the staging limit and go to ONNX Runtime as they are; each answer is the one of its own rows.
        for (int rows : new int[] {1, 4_000, 2, 4_100, 3}) {
            float[] flat = cycledIrisFloats(rows);
            TangoResponse response = iris.predict(TangoRequest.of(Map.of("input", Tensor.ofFloats(flat, rows, 4))));

            Tensor probabilities = (Tensor) response.output("probabilities").orElseThrow();
            assertThat(probabilities.shape()).containsExactly(rows, 3);
            Tensor lastRow = (Tensor) iris.predict(TangoRequest.of(Map.of("input",
                    Tensor.ofFloats(java.util.Arrays.copyOfRange(flat, flat.length - 4, flat.length), 1, 4))))
                    .output("probabilities").orElseThrow();
            assertThat(java.util.Arrays.copyOfRange(probabilities.toFloatArray(), rows * 3 - 3, rows * 3))
                    .containsExactly(lastRow.toFloatArray());
        }
    }

    private static float[] cycledIrisFloats(int rows) {
        float[] iris150 = irisFloats(150);
        float[] flat = new float[rows * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = iris150[i % iris150.length];
        }
        return flat;
    }

    private static float[] irisFloats(int rows) {
        List<double[]> values = Fixtures.irisRows(0, rows);
        float[] flat = new float[rows * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) values.get(i / 4)[i % 4];
        }
        return flat;
    }

    @Test
    void takesEachColumnAsAOneDimensionalTensorAsTheOpenInferenceProtocolSendsIt() {
        Map<String, Object> tensors = new LinkedHashMap<>();
        Fixtures.irisColumns(2).forEach((name, cells) -> tensors.put(name,
                Tensor.ofDoubles(((List<?>) cells).stream().mapToDouble(cell -> ((Number) cell).doubleValue()).toArray(), 2)));

        TangoResponse fromTensors = iris.predict(TangoRequest.of(tensors));

        assertThat(fromTensors.outputs()).isEqualTo(iris.predict(TangoRequest.of(Fixtures.irisColumns(2))).outputs());
    }

    @Test
    void rejectsAColumnTensorOfMoreThanOneColumn() {
        Map<String, Object> columns = new LinkedHashMap<>(Fixtures.irisColumns(1));
        columns.put("sepal_width", Tensor.ofDoubles(new double[] {3.5, 3.0}, 1, 2));

        assertThatThrownBy(() -> iris.predict(TangoRequest.of(columns)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'sepal_width' is Tensor[FLOAT64 [1, 2]]; model 'iris' expects one column of numbers (a tensor"
                        + " of shape [], [n] or [n, 1]) per input, or tensors [input: FLOAT32[-1, 4]] or numeric columns"
                        + " [sepal_length, sepal_width, petal_length, petal_width]");
    }

    @Test
    void takesOneRowWithoutTheBatchDimension() {
        List<Double> row = Arrays.stream(Fixtures.irisRows(0, 1).get(0)).boxed().toList();

        Tensor label = (Tensor) iris.predict(TangoRequest.of(Map.of("input", row))).output("label").orElseThrow();

        assertThat(label.shape()).containsExactly(1);
    }

    @Test
    void rejectsAnUnknownInputNamingWhatItExpects() {
        Map<String, Object> columns = new LinkedHashMap<>(Fixtures.irisColumns(1));
        columns.put("colour", List.of("blue"));

        assertThatThrownBy(() -> iris.predict(TangoRequest.of(columns)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown input 'colour'; model 'iris' expects tensors [input: FLOAT32[-1, 4]] or numeric columns"
                        + " [sepal_length, sepal_width, petal_length, petal_width]");
    }

    @Test
    void rejectsAMissingColumn() {
        Map<String, Object> columns = new LinkedHashMap<>(Fixtures.irisColumns(1));
        columns.remove("petal_width");

        assertThatThrownBy(() -> iris.predict(TangoRequest.of(columns)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'petal_width' is missing; model 'iris' expects tensors [input: FLOAT32[-1, 4]] or numeric"
                        + " columns [sepal_length, sepal_width, petal_length, petal_width]");
    }

    @Test
    void rejectsAValueThatIsNotANumber() {
        Map<String, Object> columns = new LinkedHashMap<>(Fixtures.irisColumns(2));
        columns.put("sepal_width", List.of(3.5, "wide"));

        assertThatThrownBy(() -> iris.predict(TangoRequest.of(columns)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'sepal_width' row 1 is \"wide\"; model 'iris' expects a number");
    }

    @Test
    void rejectsColumnsOfDifferentLengths() {
        Map<String, Object> columns = new LinkedHashMap<>(Fixtures.irisColumns(2));
        columns.put("petal_length", List.of(1.4));

        assertThatThrownBy(() -> iris.predict(TangoRequest.of(columns)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'petal_length' has 1 rows but input 'sepal_length' has 2; every column of model 'iris'"
                        + " needs the same number of rows");
    }

    @Test
    void rejectsATensorOfTheWrongShape() {
        assertThatThrownBy(() -> iris.predict(TangoRequest.of(Map.of("input", Tensor.ofFloats(new float[6], 2, 3)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'input' has shape [2, 3]; model 'iris' expects input: FLOAT32[-1, 4]");
    }

    @Test
    void rejectsATensorOfTheWrongType() {
        assertThatThrownBy(() -> iris.predict(TangoRequest.of(Map.of("input", Tensor.ofStrings(List.of("a", "b", "c", "d"), 1, 4)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("input 'input' is a STRING tensor; model 'iris' expects input: FLOAT32[-1, 4]");
    }

    @Test
    void isExplainable() {
        assertThat(iris).isInstanceOf(ExplainableTangoModel.class);
    }

    @Test
    void answersEmptyForAFormatWithoutEngine() {
        ModelDescriptor foreign = ModelDescriptor.builder(ModelKey.of("x"), "x", "mlflow-scoring-server").build();

        assertThat(initializer.initialize(foreign)).isEmpty();
    }

    @Test
    void namesTheEnginesItHasForAStoreModelOfAnUnknownEngine() {
        ModelDescriptor xgboost = descriptor().toBuilder().metadata("local.engine", "xgboost").build();
        ModelDescriptor unknown = new ModelDescriptor(xgboost.key(), xgboost.name(), xgboost.version(), "xgboost",
                xgboost.artifactPath(), xgboost.endpoint(), xgboost.signature(), xgboost.metadata(), xgboost.origin());

        assertThatThrownBy(() -> initializer.initialize(unknown))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("model 'iris' needs engine 'xgboost', which plugin-local does not have; engines that load models: [constant, onnx]");
    }

    @Test
    void reportsACorruptArtifactAndLeavesTheStoreUntouched() throws IOException {
        Path copy = copyOfStoredModel("corrupt");
        byte[] garbage = "this is not an ONNX model".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(copy.resolve("model.onnx"), garbage);
        ModelDescriptor descriptor = new LocalModelFinder(store, "test").find(ModelKey.of(copy.toString())).orElseThrow();

        assertThatThrownBy(() -> initializer.initialize(descriptor))
                .isInstanceOf(TangoException.class)
                .hasMessageStartingWith("ONNX artifact " + copy.resolve("model.onnx") + " of model 'iris' cannot be loaded"
                        + " (corrupt, truncated or not an ONNX model): ");
        assertThat(Files.readAllBytes(copy.resolve("model.onnx"))).isEqualTo(garbage);
    }

    @Test
    void reportsATruncatedArtifact() throws IOException {
        Path copy = copyOfStoredModel("truncated");
        byte[] whole = Files.readAllBytes(copy.resolve("model.onnx"));
        Files.write(copy.resolve("model.onnx"), Arrays.copyOf(whole, whole.length / 2));
        ModelDescriptor descriptor = new LocalModelFinder(store, "test").find(ModelKey.of(copy.toString())).orElseThrow();

        assertThatThrownBy(() -> initializer.initialize(descriptor))
                .isInstanceOf(TangoException.class)
                .hasMessageContaining("cannot be loaded (corrupt, truncated or not an ONNX model)");
    }

    @Test
    void reportsAMissingArtifact() throws IOException {
        Path copy = copyOfStoredModel("missing");
        Files.delete(copy.resolve("model.onnx"));
        ModelDescriptor descriptor = new LocalModelFinder(store, "test").find(ModelKey.of(copy.toString())).orElseThrow();

        assertThatThrownBy(() -> initializer.initialize(descriptor))
                .isInstanceOf(TangoException.class)
                .hasMessage("ONNX artifact " + copy.resolve("model.onnx") + " of model 'iris' is missing");
    }

    @Test
    void refusesToRunAfterClose() {
        TangoModel<?, ?> model = initializer.initialize(descriptor()).orElseThrow();
        model.close();

        assertThatThrownBy(() -> model.predict(TangoRequest.of(Fixtures.irisColumns(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("model 'iris' is closed");
    }

    private static Path copyOfStoredModel(String name) throws IOException {
        Path copy = Files.createDirectories(root.resolve("copies").resolve(name));
        try (var files = Files.list(stored.directory())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }
}
