package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.TabularData;
import io.tango.plugin.local.engine.TrainingMonitor;
import io.tango.plugin.local.engine.onnx.OnnxModelEngine;
import io.tango.plugin.local.engine.tribuo.TabularTrainingSpec;
import io.tango.plugin.local.engine.tribuo.TrainedTabularModel;
import io.tango.plugin.local.engine.tribuo.TribuoTabularTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The ONNX export of a Tribuo-trained model predicts what Tribuo itself predicts before export. */
class TribuoOnnxExportTest {
    @TempDir
    Path folder;

    @Test
    void classifierExportPredictsTribuosProbabilitiesAndLabels() throws Exception {
        TabularData iris = Fixtures.table("iris.csv");
        TrainedTabularModel trained = TribuoTabularTrainer.train(iris,
                TabularTrainingSpec.parse(Fixtures.irisArguments()), TrainingMonitor.none());
        List<double[]> rows = Fixtures.irisRows(0, 150);

        try (TangoModel<?, ?> onnx = loadExport(trained)) {
            TangoResponse response = onnx.predict(TangoRequest.of(Fixtures.irisColumns(150)));

            Tensor probabilities = (Tensor) response.output("probabilities").orElseThrow();
            List<String> labels = ((Tensor) response.output("label").orElseThrow()).strings();
            assertThat(probabilities.shape()).containsExactly(150, 3);
            float[] onnxScores = probabilities.toFloatArray();
            int correct = 0;
            for (int r = 0; r < rows.size(); r++) {
                double[] expected = trained.predict(rows.get(r));
                int best = 0;
                for (int k = 0; k < 3; k++) {
                    assertThat((double) onnxScores[r * 3 + k]).isCloseTo(expected[k], within(1e-5));
                    best = expected[k] > expected[best] ? k : best;
                }
                assertThat(labels.get(r)).isEqualTo(trained.labels().get(best));
                correct += labels.get(r).equals(iris.rows().get(r).get(4)) ? 1 : 0;
            }
            assertThat(correct).as("training accuracy on iris").isGreaterThanOrEqualTo(135);
        }
    }

    @Test
    void regressorExportPredictsTribuosValues() throws Exception {
        TabularData diabetes = Fixtures.table("diabetes.csv");
        TrainedTabularModel trained = TribuoTabularTrainer.train(diabetes,
                TabularTrainingSpec.parse(Fixtures.diabetesArguments()), TrainingMonitor.none());
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String feature : trained.features()) {
            columns.put(feature, diabetes.column(feature));
        }

        try (TangoModel<?, ?> onnx = loadExport(trained)) {
            float[] predictions = ((Tensor) onnx.predict(TangoRequest.of(columns)).output("prediction").orElseThrow()).toFloatArray();

            assertThat(predictions).hasSize(442);
            double squares = 0;
            for (int r = 0; r < 442; r++) {
                double[] row = new double[trained.features().size()];
                for (int f = 0; f < row.length; f++) {
                    row[f] = ((Number) diabetes.rows().get(r).get(f)).doubleValue();
                }
                double expected = trained.predict(row)[0];
                assertThat((double) predictions[r]).isCloseTo(expected, within(1e-3 + 1e-5 * Math.abs(expected)));
                double error = expected - ((Number) diabetes.rows().get(r).get(10)).doubleValue();
                squares += error * error;
            }
            // The target's standard deviation is 77; a linear model on these features reaches about 54.
            assertThat(Math.sqrt(squares / 442)).isLessThan(60);
        }
    }

    private TangoModel<?, ?> loadExport(TrainedTabularModel trained) throws Exception {
        Path file = folder.resolve("model.onnx");
        Files.write(file, trained.toOnnx().toByteArray());
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of(file.toString()), "export", "onnx")
                .artifactPath(file)
                .signature(trained.signature())
                .metadata(trained.metadata())
                .build();
        return new OnnxModelEngine().load(descriptor, EngineSettings.defaults());
    }
}
