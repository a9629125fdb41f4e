package io.tango.plugin.local;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Occlusion attributions: for a linear model exactly coefficient × (value − baseline). */
class OcclusionExplainerTest {
    private static final float[] WEIGHTS = {2.0f, -3.0f, 0.5f};
    private static final float BIAS = 1.0f;

    @TempDir
    static Path folder;

    private static ExplainableTangoModel<?, ?> linear;

    @BeforeAll
    static void buildLinearModel() throws Exception {
        Path file = Files.write(folder.resolve("linear.onnx"), Fixtures.linearOnnx(WEIGHTS, BIAS));
        ModelDescriptor descriptor = new LocalModelFinder(new io.tango.plugin.local.store.LocalModelStore(folder), "test")
                .find(ModelKey.of(file.toString())).orElseThrow();
        linear = Fixtures.loader().load(descriptor);
    }

    @AfterAll
    static void close() {
        linear.close();
    }

    @Test
    void attributesCoefficientTimesDistanceToAZeroBaseline() {
        TangoModel<?, ?> explainer = linear.explainer(Map.of("baseline", "zero"));

        TangoResponse response = explainer.predict(TangoRequest.of(Map.of("x", List.of(List.of(1.0, 2.0, 4.0), List.of(-1.5, 0.25, 8.0)))));

        List<Map<String, Object>> attributions = attributions(response);
        double[][] rows = {{1.0, 2.0, 4.0}, {-1.5, 0.25, 8.0}};
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < WEIGHTS.length; j++) {
                assertThat((Double) attributions.get(r).get("x[" + j + "]")).isCloseTo(WEIGHTS[j] * rows[r][j], within(1e-5));
            }
        }
        assertThat(response.output("baseline_prediction")).contains(List.of((double) BIAS, (double) BIAS));
        assertThat(response.metadata()).containsEntry("method", "occlusion").containsEntry("output", "y");
    }

    @Test
    void attributesCoefficientTimesDistanceToAGivenBaseline() {
        TangoModel<?, ?> explainer = linear.explainer(Map.of("baseline", "1, 1, 2"));
        double[] baseline = {1, 1, 2};
        double[] row = {3.0, -2.0, 0.5};

        TangoResponse response = explainer.predict(TangoRequest.of(Map.of("x", List.of(List.of(3.0, -2.0, 0.5)))));

        Map<String, Object> attribution = attributions(response).get(0);
        double sum = 0;
        for (int j = 0; j < WEIGHTS.length; j++) {
            double expected = WEIGHTS[j] * (row[j] - baseline[j]);
            assertThat((Double) attribution.get("x[" + j + "]")).isCloseTo(expected, within(1e-5));
            sum += expected;
        }
        // linear: the attributions add up to f(x) - f(baseline)
        double prediction = first(response, "prediction");
        double baselinePrediction = first(response, "baseline_prediction");
        assertThat(prediction - baselinePrediction).isCloseTo(sum, within(1e-4));
    }

    @Test
    void explainsTheMostProbableClassOfATrainedClassifier(@TempDir Path root) {
        var store = new io.tango.plugin.local.store.LocalModelStore(root);
        var stored = Fixtures.train(store, "iris", Fixtures.irisArguments());
        try (ExplainableTangoModel<?, ?> iris = Fixtures.loader().load(stored.descriptor(ModelKey.of("iris"), "test"))) {
            TangoResponse response = iris.explainer(Map.of()).predict(TangoRequest.of(Fixtures.irisColumns(2)));

            assertThat(response.output("target")).contains(List.of("setosa", "setosa"));
            assertThat(attributions(response).get(0)).containsOnlyKeys(Fixtures.IRIS_FEATURES);
            assertThat(response.metadata()).containsEntry("baseline", "mean").containsEntry("output", "probabilities");
        }
    }

    @Test
    void rejectsAnUnknownOption() {
        assertThatThrownBy(() -> linear.explainer(Map.of("samples", "100")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown explainer option 'samples'; the occlusion explainer takes [baseline, output, target]");
    }

    @Test
    void rejectsABaselineOfTheWrongLength() {
        assertThatThrownBy(() -> linear.explainer(Map.of("baseline", "1,2")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("explainer option 'baseline' has 2 values; expected 'mean', 'zero' or one number per feature [x[0], x[1], x[2]]");
    }

    private static double first(TangoResponse response, String output) {
        return ((Number) ((List<?>) response.output(output).orElseThrow()).get(0)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attributions(TangoResponse response) {
        return (List<Map<String, Object>>) response.output("attributions").orElseThrow();
    }
}
