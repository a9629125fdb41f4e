package io.tango.plugin.local.engine.tribuo;

import io.tango.api.InvalidRequestException;
import io.tango.plugin.local.engine.TabularData;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The training arguments of the {@code tribuo} engine, checked.
 *
 * @param task {@code classification} or {@code regression}; empty to infer it from the target (text → classification)
 * @param target the column to predict
 * @param features the feature columns; empty for every column but the target
 * @param data a CSV file with a header line, when the data is a file
 * @param rows the rows (maps from column to value), when the data is given inline
 * @param epochs passes over the data
 * @param learningRate AdaGrad's initial learning rate
 * @param seed the random seed (training is deterministic for a seed)
 * @param minibatchSize examples per gradient step
 */
public record TabularTrainingSpec(
        Optional<String> task,
        String target,
        List<String> features,
        Optional<Path> data,
        Optional<List<Map<String, Object>>> rows,
        int epochs,
        double learningRate,
        long seed,
        int minibatchSize) {
    /** Every argument the engine takes. */
    public static final List<String> ARGUMENTS =
            List.of("task", "target", "features", "data", "rows", "epochs", "learning_rate", "seed", "minibatch_size");
    private static final Set<String> TASKS = Set.of("classification", "regression");

    public TabularTrainingSpec {
        requireNonNull(task, "task is null");
        requireNonNull(target, "target is null");
        features = List.copyOf(requireNonNull(features, "features is null"));
        requireNonNull(data, "data is null");
        requireNonNull(rows, "rows is null");
    }

    /**
     * @param arguments the training request's arguments
     * @return the spec
     * @throws InvalidRequestException naming the first unknown, missing or invalid argument
     */
    @SuppressWarnings("unchecked")
    public static TabularTrainingSpec parse(Map<String, Object> arguments) {
        for (String key : arguments.keySet()) {
            if (!ARGUMENTS.contains(key)) {
                throw new InvalidRequestException("unknown training argument '" + key + "'; engine 'tribuo' takes " + ARGUMENTS);
            }
        }
        Optional<String> task = Optional.ofNullable(arguments.get("task")).map(value -> value.toString().toLowerCase(Locale.ROOT));
        if (task.isPresent() && !TASKS.contains(task.get())) {
            throw new InvalidRequestException("training argument 'task' is '" + task.get() + "'; expected classification or regression");
        }
        Object target = arguments.get("target");
        if (!(target instanceof String targetName) || targetName.isBlank()) {
            throw new InvalidRequestException("training argument 'target' is missing: name the column to predict");
        }
        List<String> features = new ArrayList<>();
        Object featureValue = arguments.get("features");
        if (featureValue instanceof List<?> list) {
            list.forEach(element -> features.add(String.valueOf(element)));
        } else if (featureValue instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    features.add(part.strip());
                }
            }
        } else if (featureValue != null) {
            throw new InvalidRequestException("training argument 'features' must be a list of column names");
        }
        if (features.contains(targetName)) {
            throw new InvalidRequestException("training argument 'features' contains the target column '" + targetName + "'");
        }
        Object dataValue = arguments.get("data");
        Object rowsValue = arguments.get("rows");
        if ((dataValue == null) == (rowsValue == null)) {
            throw new InvalidRequestException("give exactly one of the training arguments 'data' (a CSV file with a header line)"
                    + " and 'rows' (a list of maps from column to value)");
        }
        Optional<Path> data = Optional.empty();
        if (dataValue != null) {
            Path file = Path.of(dataValue.toString());
            if (!Files.isRegularFile(file)) {
                throw new InvalidRequestException("training argument 'data' names " + file + ", which is not a file");
            }
            data = Optional.of(file);
        }
        Optional<List<Map<String, Object>>> rows = Optional.empty();
        if (rowsValue != null) {
            if (!(rowsValue instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
                throw new InvalidRequestException("training argument 'rows' must be a list of maps from column to value");
            }
            rows = Optional.of((List<Map<String, Object>>) rowsValue);
        }
        return new TabularTrainingSpec(
                task,
                targetName,
                features,
                data,
                rows,
                positiveInt(arguments, "epochs", 100),
                positiveDouble(arguments, "learning_rate", 0.5),
                longValue(arguments, "seed", 42L),
                positiveInt(arguments, "minibatch_size", 1));
    }

    /**
     * @return the training table
     * @throws IOException if the data file cannot be read
     */
    public TabularData load() throws IOException {
        if (rows.isPresent()) {
            return TabularData.fromRecords(rows.get());
        }
        Path file = data.orElseThrow();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return TabularData.readCsv(file.toString(), reader);
        }
    }

    private static int positiveInt(Map<String, Object> arguments, String key, int fallback) {
        long value = longValue(arguments, key, fallback);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new InvalidRequestException("training argument '" + key + "' is " + value + "; expected a positive integer");
        }
        return (int) value;
    }

    private static long longValue(Map<String, Object> arguments, String key, long fallback) {
        Object value = arguments.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
            if (number != Math.rint(number)) {
                throw new NumberFormatException();
            }
            return (long) number;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("training argument '" + key + "' is '" + value + "'; expected an integer");
        }
    }

    private static double positiveDouble(Map<String, Object> arguments, String key, double fallback) {
        Object value = arguments.get(key);
        if (value == null) {
            return fallback;
        }
        double number;
        try {
            number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("training argument '" + key + "' is '" + value + "'; expected a number");
        }
        if (!(number > 0) || Double.isInfinite(number)) {
            throw new InvalidRequestException("training argument '" + key + "' is " + number + "; expected a positive number");
        }
        return number;
    }
}
