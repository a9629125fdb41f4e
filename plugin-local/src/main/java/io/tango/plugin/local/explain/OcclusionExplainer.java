package io.tango.plugin.local.explain;

import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.engine.TabularLayout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Explains a tabular model's predictions by <b>occlusion against a baseline</b>, using nothing but the model's own
 * predictions (model-agnostic).
 *
 * <p>For a row {@code x}, a baseline {@code b} and the explained score {@code f} (a regression output, or the
 * probability of one class), the attribution of feature {@code j} is {@code f(x) - f(x with x_j replaced by b_j)}.
 * For a linear score {@code f(x) = w·x + c} this is exactly {@code w_j (x_j - b_j)}; for other models it is the
 * score's drop when the feature is "removed", and attributions need not add up to {@code f(x) - f(b)}.
 *
 * <p>Options (all optional):
 * <ul>
 *   <li>{@code baseline}: {@code mean} (the training means the model declares; the default when it declares them),
 *       {@code zero} (the default otherwise), or one comma-separated number per feature;</li>
 *   <li>{@code output}: the output to explain (default: the first numeric output);</li>
 *   <li>{@code target}: for an output with one column per class, the class to explain, by label or index (default:
 *       each row's most probable class).</li>
 * </ul>
 * The explainer takes the same inputs as the model (feature columns, or the rows of its one 2-D input) and answers
 * {@code attributions} (per row, a map from feature to attribution), {@code prediction} ({@code f(x)} per row),
 * {@code baseline_prediction} ({@code f(b)} per row) and, for classes, {@code target}. Each request costs one model
 * call of {@code rows × (features + 2)} rows. Thread-safe.
 */
public final class OcclusionExplainer implements TangoModel<OcclusionExplainer.Batch, OcclusionExplainer.Explanation> {
    /** The options this explainer accepts. */
    public static final List<String> OPTIONS = List.of("baseline", "output", "target");

    private final TangoModel<?, ?> model;
    private final ModelDescriptor descriptor;
    private final List<String> features;
    private final Optional<String> matrixInput;
    private final double[] baseline;
    private final String baselineName;
    private final Optional<String> output;
    private final Optional<String> target;
    private final List<String> labels;

    /**
     * The rows to explain.
     *
     * @param rows one array of feature values per row
     */
    public record Batch(List<double[]> rows) {
        public Batch {
            rows = List.copyOf(requireNonNull(rows, "rows is null"));
        }
    }

    /**
     * The explanation of each row.
     *
     * @param attributions per row, one attribution per feature
     * @param predictions per row, the explained score
     * @param baselinePredictions per row, the score of the baseline
     * @param targets per row, the explained class, when the output has classes
     * @param output the explained output
     */
    public record Explanation(
            List<double[]> attributions,
            List<Double> predictions,
            List<Double> baselinePredictions,
            List<String> targets,
            String output) {}

    /**
     * @param model the model to explain
     * @param options the explainer options
     * @throws UnsupportedTangoOperationException if the model does not take numeric feature rows
     * @throws InvalidRequestException if an option is unknown or invalid
     */
    public OcclusionExplainer(TangoModel<?, ?> model, Map<String, String> options) {
        this.model = requireNonNull(model, "model is null");
        requireNonNull(options, "options is null");
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidRequestException("unknown explainer option '" + key + "'; the occlusion explainer takes " + OPTIONS);
            }
        }
        ModelDescriptor modelDescriptor = model.descriptor();
        TabularLayout layout = TabularLayout.of(modelDescriptor);
        if (layout.isTabular()) {
            this.features = layout.columns();
            this.matrixInput = Optional.empty();
        } else {
            FieldSpec input = singleMatrixInput(modelDescriptor);
            long width = input.shape().get(1);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                names.add(input.name() + "[" + i + "]");
            }
            this.features = names;
            this.matrixInput = Optional.of(input.name());
        }
        String baselineOption = options.getOrDefault("baseline", layout.baseline().isPresent() ? "mean" : "zero");
        this.baseline = baseline(baselineOption, layout);
        this.baselineName = baselineOption;
        this.output = Optional.ofNullable(options.get("output"));
        this.target = Optional.ofNullable(options.get("target"));
        this.labels = layout.labels();
        output.ifPresent(name -> {
            List<FieldSpec> outputs = modelDescriptor.signature().outputs();
            if (!outputs.isEmpty() && outputs.stream().noneMatch(field -> field.name().equals(name))) {
                throw new InvalidRequestException("explainer option 'output' is '" + name + "'; model '"
                        + modelDescriptor.name() + "' has outputs " + outputs.stream().map(FieldSpec::name).toList());
            }
        });
        this.descriptor = ModelDescriptor.builder(modelDescriptor.key(), modelDescriptor.name() + ":explainer", "occlusion")
                .metadata("explainer.method", "occlusion")
                .metadata("explainer.baseline", baselineOption)
                .metadata(TabularLayout.COLUMNS, io.tango.plugin.local.store.Json.compact(features))
                .origin(modelDescriptor.origin())
                .build();
    }

    private static FieldSpec singleMatrixInput(ModelDescriptor descriptor) {
        List<FieldSpec> inputs = descriptor.signature().inputs();
        if (inputs.size() == 1 && inputs.get(0).shape().size() == 2 && inputs.get(0).shape().get(1) > 0
                && inputs.get(0).type().isNumeric()) {
            return inputs.get(0);
        }
        throw new UnsupportedTangoOperationException("model '" + descriptor.name() + "' has no explainer: occlusion needs"
                + " numeric feature columns or one 2-D numeric input of fixed width, and the model takes "
                + (inputs.isEmpty() ? "undeclared inputs" : inputs.toString()));
    }

    private double[] baseline(String option, TabularLayout layout) {
        double[] values = new double[features.size()];
        switch (option) {
            case "zero" -> {
                return values;
            }
            case "mean" -> {
                List<Double> means = layout.baseline().orElseThrow(() -> new InvalidRequestException(
                        "explainer option 'baseline' is 'mean', but model '" + model.descriptor().name()
                                + "' declares no training means; use 'zero' or give one number per feature " + features));
                for (int i = 0; i < values.length; i++) {
                    values[i] = means.get(i);
                }
                return values;
            }
            default -> {
                String[] parts = option.split(",");
                if (parts.length != features.size()) {
                    throw new InvalidRequestException("explainer option 'baseline' has " + parts.length
                            + " values; expected 'mean', 'zero' or one number per feature " + features);
                }
                for (int i = 0; i < parts.length; i++) {
                    try {
                        values[i] = Double.parseDouble(parts[i].strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidRequestException("explainer option 'baseline' value " + i + " is '" + parts[i]
                                + "'; expected a number");
                    }
                }
                return values;
            }
        }
    }

    /** @return the features explained, in order */
    public List<String> features() {
        return features;
    }

    /** @return the baseline values, one per feature */
    public double[] baselineValues() {
        return baseline.clone();
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Batch mapRequest(TangoRequest request, WorkingSession session) {
        requireNonNull(request, "request is null");
        Map<String, Object> inputs = request.inputs();
        if (matrixInput.isPresent() && inputs.containsKey(matrixInput.get())) {
            return new Batch(matrixRows(matrixInput.get(), inputs.get(matrixInput.get())));
        }
        List<String> order = matrixInput.isPresent() && !inputs.keySet().stream().allMatch(features::contains)
                ? List.copyOf(inputs.keySet())
                : features;
        for (String name : inputs.keySet()) {
            if (!order.contains(name)) {
                throw new InvalidRequestException("unknown input '" + name + "'; the explainer of model '"
                        + model.descriptor().name() + "' expects numeric columns " + features);
            }
        }
        if (order.size() != features.size()) {
            throw new InvalidRequestException("the request has " + order.size() + " columns; the explainer of model '"
                    + model.descriptor().name() + "' expects " + features.size() + ": " + features);
        }
        int rows = -1;
        List<List<?>> columns = new ArrayList<>();
        for (String column : order) {
            Object value = inputs.get(column);
            if (value == null) {
                throw new InvalidRequestException("input '" + column + "' is missing; the explainer of model '"
                        + model.descriptor().name() + "' expects numeric columns " + features);
            }
            List<?> cells = value instanceof List<?> list ? list : List.of(value);
            if (rows >= 0 && cells.size() != rows) {
                throw new InvalidRequestException("input '" + column + "' has " + cells.size() + " rows, the others " + rows);
            }
            rows = cells.size();
            columns.add(cells);
        }
        List<double[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] row = new double[order.size()];
            for (int c = 0; c < row.length; c++) {
                Object cell = columns.get(c).get(r);
                if (!(cell instanceof Number number)) {
                    throw new InvalidRequestException("input '" + order.get(c) + "' row " + r + " is " + cell + "; expected a number");
                }
                row[c] = number.doubleValue();
            }
            result.add(row);
        }
        return new Batch(result);
    }

    private List<double[]> matrixRows(String name, Object value) {
        List<double[]> rows = new ArrayList<>();
        if (value instanceof Tensor tensor) {
            long[] shape = tensor.shape();
            if (shape.length != 2 || shape[1] != features.size()) {
                throw new InvalidRequestException("input '" + name + "' has shape " + Arrays.toString(shape)
                        + "; expected [rows, " + features.size() + "]");
            }
            double[] flat = tensor.toDoubleArray();
            for (int r = 0; r < shape[0]; r++) {
                rows.add(Arrays.copyOfRange(flat, r * features.size(), (r + 1) * features.size()));
            }
            return rows;
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidRequestException("input '" + name + "' must be a list of rows of " + features.size() + " numbers");
        }
        List<?> outer = !list.isEmpty() && !(list.get(0) instanceof List<?>) ? List.of(list) : list;
        for (Object element : outer) {
            if (!(element instanceof List<?> row) || row.size() != features.size()) {
                throw new InvalidRequestException("input '" + name + "' must be a list of rows of " + features.size() + " numbers");
            }
            double[] values = new double[row.size()];
            for (int i = 0; i < values.length; i++) {
                if (!(row.get(i) instanceof Number number)) {
                    throw new InvalidRequestException("input '" + name + "' has a value that is not a number: " + row.get(i));
                }
                values[i] = number.doubleValue();
            }
            rows.add(values);
        }
        return rows;
    }

    @Override
    public Explanation invoke(Batch batch) {
        int width = features.size();
        int perRow = width + 2;
        int total = batch.rows().size() * perRow;
        double[][] probe = new double[total][];
        for (int r = 0; r < batch.rows().size(); r++) {
            double[] row = batch.rows().get(r);
            probe[r * perRow] = row;
            probe[r * perRow + 1] = baseline;
            for (int j = 0; j < width; j++) {
                double[] occluded = row.clone();
                occluded[j] = baseline[j];
                probe[r * perRow + 2 + j] = occluded;
            }
        }
        TangoResponse response = model.predict(probeRequest(probe));
        String outputName = output.orElseGet(() -> firstNumericOutput(response));
        Object value = response.output(outputName).orElseThrow(() -> new InvalidRequestException(
                "model '" + model.descriptor().name() + "' answered no output '" + outputName + "'"));
        if (!(value instanceof Tensor tensor) || !tensor.type().isNumeric()) {
            throw new InvalidRequestException("output '" + outputName + "' of model '" + model.descriptor().name()
                    + "' is not a numeric tensor; choose another with the explainer option 'output'");
        }
        long[] shape = tensor.shape();
        int classes = shape.length == 2 ? (int) shape[1] : 1;
        double[] scores = tensor.toDoubleArray();
        List<double[]> attributions = new ArrayList<>();
        List<Double> predictions = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (int r = 0; r < batch.rows().size(); r++) {
            int base = r * perRow;
            int column = classes == 1 ? 0 : targetColumn(scores, base * classes, classes);
            if (classes > 1) {
                targets.add(column < labels.size() ? labels.get(column) : Integer.toString(column));
            }
            double prediction = scores[base * classes + column];
            double[] attribution = new double[width];
            for (int j = 0; j < width; j++) {
                attribution[j] = prediction - scores[(base + 2 + j) * classes + column];
            }
            attributions.add(attribution);
            predictions.add(prediction);
            baselines.add(scores[(base + 1) * classes + column]);
        }
        return new Explanation(attributions, predictions, baselines, targets, outputName);
    }

    private TangoRequest probeRequest(double[][] probe) {
        if (matrixInput.isPresent()) {
            double[] flat = new double[probe.length * features.size()];
            for (int r = 0; r < probe.length; r++) {
                System.arraycopy(probe[r], 0, flat, r * features.size(), features.size());
            }
            return TangoRequest.of(Map.of(matrixInput.get(), Tensor.ofDoubles(flat, probe.length, features.size())));
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            List<Double> values = new ArrayList<>(probe.length);
            for (double[] row : probe) {
                values.add(row[j]);
            }
            columns.put(features.get(j), values);
        }
        return TangoRequest.of(columns);
    }

    private int targetColumn(double[] scores, int offset, int classes) {
        if (target.isPresent()) {
            int index = labels.indexOf(target.get());
            if (index < 0) {
                try {
                    index = Integer.parseInt(target.get());
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("explainer option 'target' is '" + target.get() + "'; expected one of "
                            + (labels.isEmpty() ? "0.." + (classes - 1) : labels));
                }
            }
            if (index < 0 || index >= classes) {
                throw new InvalidRequestException("explainer option 'target' is " + index + "; expected 0.." + (classes - 1));
            }
            return index;
        }
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (scores[offset + k] > scores[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    private String firstNumericOutput(TangoResponse response) {
        for (FieldSpec field : model.descriptor().signature().outputs()) {
            if (field.type().isNumeric() && response.outputs().containsKey(field.name())) {
                return field.name();
            }
        }
        return response.outputs().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof Tensor tensor && tensor.type().isNumeric())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new UnsupportedTangoOperationException("model '" + model.descriptor().name()
                        + "' has no numeric output to explain"));
    }

    @Override
    public TangoResponse mapResponse(Explanation explanation) {
        List<Map<String, Object>> attributions = new ArrayList<>();
        for (double[] row : explanation.attributions()) {
            Map<String, Object> byFeature = new LinkedHashMap<>();
            for (int j = 0; j < row.length; j++) {
                byFeature.put(features.get(j), row[j]);
            }
            attributions.add(byFeature);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("attributions", attributions);
        outputs.put("prediction", explanation.predictions());
        outputs.put("baseline_prediction", explanation.baselinePredictions());
        if (!explanation.targets().isEmpty()) {
            outputs.put("target", explanation.targets());
        }
        Map<String, Object> baselineValues = new LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            baselineValues.put(features.get(j), baseline[j]);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("method", "occlusion");
        metadata.put("baseline", baselineName);
        metadata.put("baseline_values", baselineValues);
        metadata.put("output", explanation.output());
        metadata.put("model", model.descriptor().name());
        return new TangoResponse(outputs, TangoResponse.JSON, metadata);
    }

    /** Holds nothing of its own: the model it explains is closed by its owner. */
    @Override
    public void close() {}
}
