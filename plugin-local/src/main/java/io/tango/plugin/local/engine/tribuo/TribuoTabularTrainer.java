package io.tango.plugin.local.engine.tribuo;

import io.tango.api.InvalidRequestException;
import io.tango.api.TangoException;
import io.tango.plugin.local.engine.TabularData;
import io.tango.plugin.local.engine.TrainingMonitor;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains a linear model on a table with Tribuo's SGD trainers: multinomial logistic regression (log loss, softmax)
 * for classification, least squares for regression, both with AdaGrad. Features (and a regression target) are
 * standardized with the training data's mean and standard deviation; the exported ONNX graph carries that
 * standardization, so it takes raw values.
 */
public final class TribuoTabularTrainer {
    /** Feature names inside Tribuo: zero-padded positions, so Tribuo's name-sorted feature ids keep column order. */
    private static final String FEATURE_FORMAT = "f%05d";

    private TribuoTabularTrainer() {}

    /**
     * @param data the training table
     * @param spec the training arguments
     * @param monitor progress and cancellation
     * @return the trained model
     * @throws InvalidRequestException if the data does not fit the spec (a missing column, a non-numeric feature)
     * @throws java.util.concurrent.CancellationException if the monitor was canceled
     */
    public static TrainedTabularModel train(TabularData data, TabularTrainingSpec spec, TrainingMonitor monitor) {
        int targetIndex = data.indexOf(spec.target());
        List<String> features = spec.features().isEmpty()
                ? data.columns().stream().filter(column -> !column.equals(spec.target())).toList()
                : spec.features();
        if (features.isEmpty()) {
            throw new InvalidRequestException("the data has no feature column besides the target '" + spec.target() + "'");
        }
        int rows = data.rows().size();
        if (rows < 2) {
            throw new InvalidRequestException("training needs at least 2 rows, the data has " + rows);
        }
        double[][] x = new double[rows][features.size()];
        for (int f = 0; f < features.size(); f++) {
            int column = data.indexOf(features.get(f));
            for (int r = 0; r < rows; r++) {
                Object value = data.rows().get(r).get(column);
                if (!(value instanceof Number number)) {
                    throw new InvalidRequestException("feature column '" + features.get(f) + "' row " + r + " is "
                            + (value == null ? "empty" : "'" + value + "'") + "; features must be numbers");
                }
                x[r][f] = number.doubleValue();
            }
        }
        List<Object> targets = new ArrayList<>(rows);
        for (List<Object> row : data.rows()) {
            Object value = row.get(targetIndex);
            if (value == null) {
                throw new InvalidRequestException("target column '" + spec.target() + "' row " + targets.size() + " is empty");
            }
            targets.add(value);
        }
        boolean numericTarget = targets.stream().allMatch(Number.class::isInstance);
        String task = spec.task().orElse(numericTarget ? "regression" : "classification");
        if (task.equals("regression") && !numericTarget) {
            throw new InvalidRequestException("target column '" + spec.target() + "' has text values; regression needs numbers"
                    + " (use task=classification)");
        }

        double[] mean = new double[features.size()];
        double[] std = new double[features.size()];
        standardization(x, mean, std);
        double[][] standardized = standardize(x, mean, std);
        StepCounter steps = new StepCounter(monitor, (long) spec.epochs() * rows);
        AdaGrad optimiser = new AdaGrad(spec.learningRate(), 0.1);
        monitor.progress(0);
        if (task.equals("classification")) {
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("tango-training-data", factory), factory);
            for (int r = 0; r < rows; r++) {
                dataset.add(example(new Label(labelText(targets.get(r))), standardized[r]));
            }
            var trainer = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                    new MonitoredLabelObjective(new LogMulticlass(), steps), optimiser, spec.epochs(), Integer.MAX_VALUE,
                    spec.minibatchSize(), spec.seed());
            Model<Label> model = trainer.train(dataset);
            checkFeatures(model, features);
            monitor.progress(1);
            return new TrainedTabularModel(TrainedTabularModel.Task.CLASSIFICATION, spec.target(), features, mean, std, 0, 1,
                    model, null);
        }
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = ((Number) targets.get(r)).doubleValue();
        }
        double[] targetMean = new double[1];
        double[] targetStd = new double[1];
        double[][] column = new double[rows][1];
        for (int r = 0; r < rows; r++) {
            column[r][0] = y[r];
        }
        standardization(column, targetMean, targetStd);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("tango-training-data", factory), factory);
        for (int r = 0; r < rows; r++) {
            dataset.add(example(new Regressor(spec.target(), (y[r] - targetMean[0]) / targetStd[0]), standardized[r]));
        }
        var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new MonitoredRegressionObjective(new SquaredLoss(), steps), optimiser, spec.epochs(), Integer.MAX_VALUE,
                spec.minibatchSize(), spec.seed());
        Model<Regressor> model = trainer.train(dataset);
        checkFeatures(model, features);
        monitor.progress(1);
        return new TrainedTabularModel(TrainedTabularModel.Task.REGRESSION, spec.target(), features, mean, std,
                targetMean[0], targetStd[0], null, model);
    }

    static <T extends org.tribuo.Output<T>> Example<T> example(T output, double[] values) {
        ArrayExample<T> example = new ArrayExample<>(output);
        for (int f = 0; f < values.length; f++) {
            example.add(String.format(java.util.Locale.ROOT, FEATURE_FORMAT, f), values[f]);
        }
        return example;
    }

    private static void checkFeatures(Model<?> model, List<String> features) {
        if (model.getFeatureIDMap().size() != features.size()) {
            throw new TangoException("Tribuo kept " + model.getFeatureIDMap().size() + " of " + features.size()
                    + " features; every feature column must vary in the data");
        }
    }

    private static String labelText(Object value) {
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return Long.toString(number.longValue());
        }
        return value.toString();
    }

    private static void standardization(double[][] x, double[] mean, double[] std) {
        int rows = x.length;
        for (int f = 0; f < mean.length; f++) {
            double sum = 0;
            for (double[] row : x) {
                sum += row[f];
            }
            mean[f] = sum / rows;
            double squares = 0;
            for (double[] row : x) {
                squares += (row[f] - mean[f]) * (row[f] - mean[f]);
            }
            double deviation = Math.sqrt(squares / rows);
            std[f] = deviation > 1e-12 ? deviation : 1.0;
        }
    }

    static double[][] standardize(double[][] x, double[] mean, double[] std) {
        double[][] result = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            result[r] = new double[mean.length];
            for (int f = 0; f < mean.length; f++) {
                result[r][f] = (x[r][f] - mean[f]) / std[f];
            }
        }
        return result;
    }
}
