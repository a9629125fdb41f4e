package io.tango.api.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration.
 *
 * @param path the full dotted path of the offending key, e.g. {@code model_management.finders.default.config.root};
 *     {@code ""} for the document itself
 * @param message what is wrong and how to fix it; never contains a secret value
 */
public record ConfigProblem(String path, String message) {
    public ConfigProblem {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
