package io.tango.plugin.local.engine.tribuo;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.plugin.local.engine.TabularLayout;
import io.tango.plugin.local.store.Json;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A linear model Tribuo trained on a table, with the standardization it was trained with: it predicts in Java (the
 * reference for its ONNX export) and exports itself as a self-contained ONNX graph (see {@link OnnxGraphEditor}).
 * Thread-safe for prediction.
 */
public final class TrainedTabularModel {
    /** The kind of model. */
    public enum Task { CLASSIFICATION, REGRESSION }

    private final Task task;
    private final String target;
    private final List<String> features;
    private final double[] mean;
    private final double[] std;
    private final double targetMean;
    private final double targetStd;
    private final Model<Label> classifier;
    private final Model<Regressor> regressor;

    TrainedTabularModel(
            Task task,
            String target,
            List<String> features,
            double[] mean,
            double[] std,
            double targetMean,
            double targetStd,
            Model<Label> classifier,
            Model<Regressor> regressor) {
        this.task = requireNonNull(task, "task is null");
        this.target = requireNonNull(target, "target is null");
        this.features = List.copyOf(features);
        this.mean = mean.clone();
        this.std = std.clone();
        this.targetMean = targetMean;
        this.targetStd = targetStd;
        this.classifier = classifier;
        this.regressor = regressor;
    }

    /** @return classification or regression */
    public Task task() {
        return task;
    }

    /** @return the feature columns, in input order */
    public List<String> features() {
        return features;
    }

    /** @return the class labels in the order of the probability output; empty for a regressor */
    public List<String> labels() {
        if (classifier == null) {
            return List.of();
        }
        ImmutableOutputInfo<Label> info = classifier.getOutputIDInfo();
        List<String> labels = new ArrayList<>(info.size());
        for (int id = 0; id < info.size(); id++) {
            labels.add(info.getOutput(id).getLabel());
        }
        return labels;
    }

    /**
     * Predicts one row with Tribuo itself.
     *
     * @param row raw feature values, in {@link #features()} order
     * @return the class probabilities in {@link #labels()} order, or the one regression prediction
     */
    public double[] predict(double[] row) {
        double[] standardized = TribuoTabularTrainer.standardize(new double[][] {row}, mean, std)[0];
        if (classifier != null) {
            Prediction<Label> prediction = classifier.predict(TribuoTabularTrainer.example(LabelFactoryHolder.UNKNOWN, standardized));
            List<String> labels = labels();
            double[] scores = new double[labels.size()];
            Map<String, Label> byLabel = prediction.getOutputScores();
            for (int i = 0; i < scores.length; i++) {
                scores[i] = byLabel.get(labels.get(i)).getScore();
            }
            return scores;
        }
        Prediction<Regressor> prediction = regressor.predict(
                TribuoTabularTrainer.example(RegressorHolder.UNKNOWN, standardized));
        return new double[] {prediction.getOutput().getValues()[0] * targetStd + targetMean};
    }

    /** @return the model as a self-contained ONNX graph taking raw feature values */
    public ModelProto toOnnx() {
        float[] floatMean = floats(mean);
        float[] floatStd = floats(std);
        if (classifier != null) {
            ModelProto exported = ((ONNXExportable) classifier).exportONNXModel("io.tango.plugin.local", 1L);
            return OnnxGraphEditor.classifier(exported, floatMean, floatStd, labels());
        }
        ModelProto exported = ((ONNXExportable) regressor).exportONNXModel("io.tango.plugin.local", 1L);
        return OnnxGraphEditor.regressor(exported, floatMean, floatStd, (float) targetMean, (float) targetStd);
    }

    /** @return the signature of the ONNX export: one numeric column per feature in, label and probabilities or a prediction out */
    public ModelSignature signature() {
        List<FieldSpec> inputs = features.stream()
                .map(feature -> new FieldSpec(feature, DataType.FLOAT64, List.of(-1L), true, "feature", Optional.empty(), List.of()))
                .toList();
        List<FieldSpec> outputs = classifier != null
                ? List.of(
                        new FieldSpec(OnnxGraphEditor.LABEL, DataType.STRING, List.of(-1L), true,
                                "the most probable class of '" + target + "'", Optional.empty(), labels()),
                        new FieldSpec(OnnxGraphEditor.PROBABILITIES, DataType.FLOAT32, List.of(-1L, (long) labels().size()), true,
                                "the probability of each class, in the order " + labels(), Optional.empty(), List.of()))
                : List.of(new FieldSpec(OnnxGraphEditor.PREDICTION, DataType.FLOAT32, List.of(-1L), true,
                        "the predicted '" + target + "'", Optional.empty(), List.of()));
        return new ModelSignature(inputs, outputs);
    }

    /** @return the metadata a stored model of this kind carries (tabular layout, task, target, trainer) */
    public Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(TabularLayout.COLUMNS, Json.compact(features));
        metadata.put(TabularLayout.INPUT, "input");
        metadata.put(TabularLayout.BASELINE, Json.compact(Arrays.stream(mean).boxed().toList()));
        if (classifier != null) {
            metadata.put(TabularLayout.LABELS, Json.compact(labels()));
        }
        metadata.put("task", task.name().toLowerCase(java.util.Locale.ROOT));
        metadata.put("target", target);
        metadata.put("trainer", "tribuo " + (classifier != null ? "LinearSGDTrainer(LogMulticlass, AdaGrad)"
                : "LinearSGDTrainer(SquaredLoss, AdaGrad)"));
        return metadata;
    }

    private static float[] floats(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }

    /** A label for examples whose output is unknown (prediction inputs). */
    private static final class LabelFactoryHolder {
        static final Label UNKNOWN = new org.tribuo.classification.LabelFactory().getUnknownOutput();
    }

    /** A regressor for examples whose output is unknown (prediction inputs). */
    private static final class RegressorHolder {
        static final Regressor UNKNOWN = new org.tribuo.regression.RegressionFactory().getUnknownOutput();
    }
}
