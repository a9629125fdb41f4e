package io.tango.plugin.mlflow.scoring;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.finder.MlflowModelFinder;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.testkit.contract.ModelInitializerContractTest;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(MlflowServerExtension.class)
class MlflowScoringInitializerTest extends ModelInitializerContractTest {
    /** Three iris rows: a setosa, a versicolor and a virginica. */
    private static final TangoRequest ROWS = TangoRequest.of(Map.of(
            "sepal_length", List.of(5.1, 6.4, 6.7),
            "sepal_width", List.of(3.5, 3.2, 3.0),
            "petal_length", List.of(1.4, 4.5, 5.2),
            "petal_width", List.of(0.2, 1.5, 2.3)));
    private static final List<Integer> CLASSES = List.of(0, 1, 2);

    private static MlflowTestServer server;
    private static URI sklearnServer;
    private static MlflowScoringInitializer initializer;

    @BeforeAll
    static void start(MlflowTestServer mlflow) {
        server = mlflow;
        sklearnServer = mlflow.scoringServer("models:/iris-sklearn/1");
        initializer = initializer(ScoringInputFormat.AUTO);
    }

    private static MlflowScoringInitializer initializer(ScoringInputFormat format) {
        LocalScoringServers serving = new LocalScoringServers(server.mlflowCommand().toString(), "local", 1,
                Duration.ofMinutes(3), server.newFolder("serving-logs"), HttpAuth.none(),
                Optional.of(server.trackingUri()));
        return new MlflowScoringInitializer(HttpAuth.none(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                RetrySettings.NONE, format, Optional.of(serving));
    }

    @Override
    protected ModelInitializer initializer() {
        return initializer;
    }

    @Override
    protected ModelDescriptor supportedDescriptor() {
        return ModelDescriptor.builder(ModelKey.of("mlflow+" + sklearnServer), "iris", "mlflow-scoring-server")
                .endpoint(sklearnServer)
                .build();
    }

    @Override
    protected TangoRequest sampleRequest() {
        return ROWS;
    }

    @Override
    protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
        return Optional.of(TangoResponse.of(Map.of("predictions", CLASSES)));
    }

    private TangoResponse predict(ScoringInputFormat format, TangoRequest request) {
        try (TangoModel<?, ?> model = initializer(format).initialize(supportedDescriptor()).orElseThrow()) {
            return model.predict(request);
        }
    }

    @Test
    void sendsATableAsDataframeSplitByDefault() {
        assertThat(predict(ScoringInputFormat.AUTO, ROWS).outputs()).containsExactly(Map.entry("predictions", CLASSES));
    }

    @Test
    void sendsATableAsDataframeRecords() {
        assertThat(predict(ScoringInputFormat.DATAFRAME_RECORDS, ROWS).outputs())
                .containsExactly(Map.entry("predictions", CLASSES));
    }

    @Test
    void sendsATableAsInstances() {
        assertThat(predict(ScoringInputFormat.INSTANCES, ROWS).outputs()).containsExactly(Map.entry("predictions", CLASSES));
    }

    @Test
    void sendsATableAsInputs() {
        assertThat(predict(ScoringInputFormat.INPUTS, ROWS).outputs()).containsExactly(Map.entry("predictions", CLASSES));
    }

    @Test
    void sendsARequestThatNamesItsFormatAsGiven() {
        TangoRequest split = TangoRequest.of(Map.of("dataframe_split", Map.of(
                "columns", List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                "data", List.of(List.of(6.7, 3.0, 5.2, 2.3)))));

        assertThat(predict(ScoringInputFormat.INPUTS, split).outputs()).containsExactly(Map.entry("predictions", List.of(2)));
    }

    @Test
    void sendsParameters() {
        TangoRequest withParams = new TangoRequest(ROWS.inputs(), Map.of("note", "ignored by this model"), Optional.empty());

        assertThat(predict(ScoringInputFormat.AUTO, withParams).outputs()).containsExactly(Map.entry("predictions", CLASSES));
    }

    @Test
    void reportsInputsTheModelRefusesAsInvalidRequests() {
        TangoRequest wrong = TangoRequest.of(Map.of("sepal_length", List.of("x"), "sepal_width", List.of(1.0),
                "petal_length", List.of(1.0), "petal_width", List.of(1.0)));

        assertThatThrownBy(() -> predict(ScoringInputFormat.AUTO, wrong))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("refused the request")
                .hasMessageContaining("BAD_REQUEST");
    }

    @Test
    void refusesAnExplainerWhereNoneWasLogged() {
        try (ExplainableTangoModel<?, ?> model =
                     (ExplainableTangoModel<?, ?>) initializer.initialize(supportedDescriptor()).orElseThrow()) {
            assertThatThrownBy(() -> model.explainer(Map.of()))
                    .isInstanceOf(UnsupportedTangoOperationException.class)
                    .hasMessage("model mlflow+" + sklearnServer + " has no explainer: none was logged for it (no "
                            + "metadata mlflow.explainer.uri or mlflow.explainer.endpoint: no explainer tag on its "
                            + "version or registered model, and no shap model in its run)");
        }
    }

    @Test
    void servesAPyfuncModelAndItsLoggedExplainer() {
        MlflowModelFinder finder = new MlflowModelFinder(MlflowConnection.of(server.trackingUri()),
                server.newFolder("initializer-cache"), 1L << 30, Optional.of("tango.explainer"), "test");
        ModelDescriptor descriptor = finder.find(ModelKey.of("models:/iris-sklearn/2")).orElseThrow();
        assertThat(descriptor.format()).isEqualTo("mlflow-pyfunc");

        try (ExplainableTangoModel<?, ?> model =
                     (ExplainableTangoModel<?, ?>) initializer.initialize(descriptor).orElseThrow()) {
            assertThat(model.predict(ROWS).outputs()).containsExactly(Map.entry("predictions", CLASSES));

            TangoModel<?, ?> explainer = model.explainer(Map.of());
            Object explanations = explainer.predict(ROWS).output("predictions").orElseThrow();

            // One explanation per row, per feature, per class (shap's linear explainer of a 3-class model).
            assertThat((List<?>) explanations).hasSize(3);
            assertThat((List<?>) ((List<?>) explanations).get(0)).hasSize(4)
                    .allSatisfy(perFeature -> assertThat((List<?>) perFeature).hasSize(3));
            assertThat(explainer.descriptor().key()).isEqualTo(ModelKey.of("models:/iris-explainer/1"));
            assertThat(model.explainer(Map.of())).isSameAs(explainer);
        }
    }

    @Test
    void rejectsExplainerOptions() {
        try (ExplainableTangoModel<?, ?> model =
                     (ExplainableTangoModel<?, ?>) initializer.initialize(supportedDescriptor()).orElseThrow()) {
            assertThatThrownBy(() -> model.explainer(Map.of("samples", "10")))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("unknown explainer option(s) [samples]: the explainers of MLflow models take no options");
        }
    }

    @Test
    void predictsAnOnnxModelFromANamedTensor() {
        URI onnxServer = server.scoringServer("models:/iris-onnx/1");
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("mlflow+" + onnxServer), "iris-onnx",
                "mlflow-scoring-server").endpoint(onnxServer).build();

        try (TangoModel<?, ?> model = initializer.initialize(descriptor).orElseThrow()) {
            TangoResponse response = model.predict(TangoRequest.of(Map.of(
                    "input", Tensor.ofFloats(new float[] {5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f}, 2, 4))));

            // Version 1 fits y = 0.5 a - 0.25 b + c + 2 d + 1 exactly; ONNX computes it in float32.
            List<?> rows = (List<?>) response.output("variable").orElseThrow();
            assertThat(((Number) ((List<?>) rows.get(0)).get(0)).doubleValue()).isCloseTo(4.475, within(1e-4));
            assertThat(((Number) ((List<?>) rows.get(1)).get(0)).doubleValue()).isCloseTo(13.4, within(1e-4));
        }
    }

    @Test
    void sendsTensorsAsInputs() {
        try (TangoModel<?, ?> model = initializer.initialize(supportedDescriptor()).orElseThrow()) {
            TangoRequest tensors = TangoRequest.of(Map.of(
                    "sepal_length", Tensor.ofDoubles(new double[] {6.7}, 1),
                    "sepal_width", Tensor.ofDoubles(new double[] {3.0}, 1),
                    "petal_length", Tensor.ofDoubles(new double[] {5.2}, 1),
                    "petal_width", Tensor.ofDoubles(new double[] {2.3}, 1)));
            assertThat(model.predict(tensors).outputs()).containsExactly(Map.entry("predictions", List.of(2)));
        }
    }
}
