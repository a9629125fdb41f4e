package io.tango.api.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What to train (caikit's {@code train(module, *args, save_path, model_name, **kwargs)}, without the pass-through
 * kwargs: every argument is named, and a trainer rejects those it does not know).
 *
 * @param modelName the name to save the trained model under (for a remote trainer: the remote model to train)
 * @param arguments the trainer's arguments: algorithm, data, hyper-parameters; values are strings, numbers, booleans,
 *     lists or maps
 * @param externalId an id chosen by the caller instead of a random one; a finished job's id may be reused, a running
 *     one's may not
 */
public record TrainingRequest(String modelName, Map<String, Object> arguments, Optional<String> externalId) {

    public TrainingRequest {
        requireNonNull(modelName, "modelName is null");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName is blank");
        }
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(arguments, "arguments is null")));
        requireNonNull(externalId, "externalId is null");
    }

    /**
     * @param modelName the name to save the trained model under
     * @param arguments the trainer's arguments
     * @return a request with a random id
     */
    public static TrainingRequest of(String modelName, Map<String, Object> arguments) {
        return new TrainingRequest(modelName, arguments, Optional.empty());
    }
}
