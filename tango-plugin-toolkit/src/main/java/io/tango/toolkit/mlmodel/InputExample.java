package io.tango.toolkit.mlmodel;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where an MLflow model keeps its input example ({@code saved_input_example_info}). Immutable.
 *
 * @param artifactPath the example's file, relative to the model folder, e.g. {@code input_example.json}
 * @param type how it is stored: {@code dataframe}, {@code ndarray}, {@code json_object}, … when given
 * @param servingInputPath a ready-made {@code /invocations} body, e.g. {@code serving_input_example.json}, when given
 */
public record InputExample(String artifactPath, Optional<String> type, Optional<String> servingInputPath) {
    public InputExample {
        requireNonNull(artifactPath, "artifactPath is null");
        requireNonNull(type, "type is null");
        requireNonNull(servingInputPath, "servingInputPath is null");
    }
}
