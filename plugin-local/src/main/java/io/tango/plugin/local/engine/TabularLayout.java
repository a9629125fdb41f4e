package io.tango.plugin.local.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoException;
import io.tango.plugin.local.store.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a model takes tabular data: its feature columns, in the order the model's input tensor expects them, read from
 * the descriptor's metadata:
 * <ul>
 *   <li>{@value #COLUMNS}: a JSON list of column names;</li>
 *   <li>{@value #INPUT}: the tensor input the columns are stacked into (as {@code [rows, columns]});</li>
 *   <li>{@value #BASELINE}: a JSON list of one number per column (the training means), for explanations;</li>
 *   <li>{@value #LABELS}: a JSON list of class labels, in the order of the probability output's columns.</li>
 * </ul>
 * Without {@value #COLUMNS}, a signature whose inputs are all one-value-per-row fields (MLflow's column signatures)
 * declares the columns.
 *
 * @param columns the feature columns, in tensor order; empty when the model is not tabular
 * @param input the tensor input they go to, when declared
 * @param baseline one value per column, when declared
 * @param labels the class labels, when declared
 */
public record TabularLayout(List<String> columns, Optional<String> input, Optional<List<Double>> baseline, List<String> labels) {
    /** Metadata key of the column names. */
    public static final String COLUMNS = "tabular.columns";
    /** Metadata key of the tensor input's name. */
    public static final String INPUT = "tabular.input";
    /** Metadata key of the baseline values. */
    public static final String BASELINE = "tabular.baseline";
    /** Metadata key of the class labels. */
    public static final String LABELS = "tabular.labels";

    public TabularLayout {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(input, "input is null");
        requireNonNull(baseline, "baseline is null");
        baseline = baseline.map(List::copyOf);
        labels = List.copyOf(requireNonNull(labels, "labels is null"));
    }

    /**
     * @param descriptor a model's descriptor
     * @return its tabular layout
     * @throws TangoException if a tabular metadata entry is malformed
     */
    public static TabularLayout of(ModelDescriptor descriptor) {
        Map<String, String> metadata = descriptor.metadata();
        List<String> columns = metadata.containsKey(COLUMNS)
                ? parse(descriptor, COLUMNS, new TypeReference<List<String>>() {})
                : columnsFromSignature(descriptor);
        Optional<List<Double>> baseline = metadata.containsKey(BASELINE)
                ? Optional.of(parse(descriptor, BASELINE, new TypeReference<List<Double>>() {}))
                : Optional.empty();
        if (baseline.isPresent() && baseline.get().size() != columns.size()) {
            throw new TangoException("model '" + descriptor.name() + "' declares " + baseline.get().size()
                    + " baseline values for " + columns.size() + " columns");
        }
        List<String> labels = metadata.containsKey(LABELS)
                ? parse(descriptor, LABELS, new TypeReference<List<String>>() {})
                : List.of();
        return new TabularLayout(columns, Optional.ofNullable(metadata.get(INPUT)), baseline, labels);
    }

    /** @return whether the model declares feature columns */
    public boolean isTabular() {
        return !columns.isEmpty();
    }

    private static List<String> columnsFromSignature(ModelDescriptor descriptor) {
        List<FieldSpec> inputs = descriptor.signature().inputs();
        if (inputs.isEmpty()) {
            return List.of();
        }
        boolean allColumns = inputs.stream().allMatch(field -> field.shape().isEmpty()
                || (field.shape().size() == 1 && field.shape().get(0) == -1));
        return allColumns ? inputs.stream().map(FieldSpec::name).toList() : List.of();
    }

    private static <T> T parse(ModelDescriptor descriptor, String key, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(descriptor.metadata().get(key), type);
        } catch (IOException e) {
            throw new TangoException("model '" + descriptor.name() + "' has malformed metadata '" + key + "': "
                    + e.getMessage(), e);
        }
    }
}
