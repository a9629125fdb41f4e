package io.tango.plugin.local.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One training for a trainable engine to run.
 *
 * @param modelName the name the result is saved under
 * @param arguments the training arguments, as validated by {@link ModelEngine#validateTraining}
 * @param directory an empty folder to write the artifact into; the store publishes it atomically afterwards
 * @param monitor where to report progress and check for cancellation
 */
public record TrainingTask(String modelName, Map<String, Object> arguments, Path directory, TrainingMonitor monitor) {
    public TrainingTask {
        requireNonNull(modelName, "modelName is null");
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(arguments, "arguments is null")));
        requireNonNull(directory, "directory is null");
        requireNonNull(monitor, "monitor is null");
    }
}
