package io.tango.plugin.local.engine.tribuo;

import io.tango.plugin.local.engine.ModelEngine;
import io.tango.plugin.local.engine.TabularData;
import io.tango.plugin.local.engine.TrainingTask;
import io.tango.plugin.local.engine.onnx.OnnxModelEngine;
import io.tango.plugin.local.store.ModelDraft;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tribuo} engine: trains linear models on tables in Java with Tribuo and saves them as ONNX, so the
 * {@code onnx} engine serves them. Arguments: see {@link TabularTrainingSpec}. Stateless and thread-safe.
 */
public final class TribuoModelEngine implements ModelEngine {
    /** The engine's name. */
    public static final String NAME = "tribuo";
    /** The artifact file a training writes. */
    public static final String ARTIFACT = "model.onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Trains linear classifiers and regressors on CSV or rows with Tribuo, saved as ONNX";
    }

    @Override
    public boolean canTrain() {
        return true;
    }

    @Override
    public void validateTraining(Map<String, Object> arguments) {
        TabularTrainingSpec.parse(arguments);
    }

    @Override
    public ModelDraft train(TrainingTask task) throws IOException {
        TabularTrainingSpec spec = TabularTrainingSpec.parse(task.arguments());
        TabularData data = spec.load();
        task.monitor().checkCanceled();
        TrainedTabularModel trained = TribuoTabularTrainer.train(data, spec, task.monitor());
        Files.write(task.directory().resolve(ARTIFACT), trained.toOnnx().toByteArray());
        Map<String, String> metadata = new LinkedHashMap<>(trained.metadata());
        metadata.put("training.rows", Integer.toString(data.rows().size()));
        metadata.put("training.epochs", Integer.toString(spec.epochs()));
        metadata.put("training.learning_rate", Double.toString(spec.learningRate()));
        metadata.put("training.seed", Long.toString(spec.seed()));
        metadata.put("training." + (trained.task() == TrainedTabularModel.Task.CLASSIFICATION ? "accuracy" : "rmse"),
                String.format(Locale.ROOT, "%.6f", quality(trained, data)));
        return new ModelDraft(OnnxModelEngine.NAME, ARTIFACT, trained.signature(), metadata);
    }

    /** Training accuracy of a classifier, training RMSE of a regressor, computed with Tribuo's own predictions. */
    private static double quality(TrainedTabularModel trained, TabularData data) {
        int targetIndex = data.indexOf(trained.metadata().get("target"));
        int[] featureIndexes = trained.features().stream().mapToInt(data::indexOf).toArray();
        double total = 0;
        for (var row : data.rows()) {
            double[] values = new double[featureIndexes.length];
            for (int f = 0; f < values.length; f++) {
                values[f] = ((Number) row.get(featureIndexes[f])).doubleValue();
            }
            double[] prediction = trained.predict(values);
            if (trained.task() == TrainedTabularModel.Task.CLASSIFICATION) {
                int best = 0;
                for (int i = 1; i < prediction.length; i++) {
                    if (prediction[i] > prediction[best]) {
                        best = i;
                    }
                }
                Object truth = row.get(targetIndex);
                String truthText = truth instanceof Double number && number == Math.rint(number)
                        ? Long.toString(number.longValue()) : String.valueOf(truth);
                total += trained.labels().get(best).equals(truthText) ? 1 : 0;
            } else {
                double error = prediction[0] - ((Number) row.get(targetIndex)).doubleValue();
                total += error * error;
            }
        }
        double mean = total / data.rows().size();
        return trained.task() == TrainedTabularModel.Task.CLASSIFICATION ? mean : Math.sqrt(mean);
    }
}
