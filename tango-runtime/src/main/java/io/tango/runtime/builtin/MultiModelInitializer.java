package io.tango.runtime.builtin;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.TangoModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Asks other initializers in priority order and returns the first model made ready. "Nobody handles this format"
 * (empty) stays distinct from "an initializer failed": when none succeeds and some failed, every failure is reported.
 * Thread-safe.
 */
public final class MultiModelInitializer implements ModelInitializer {
    private final List<String> priority;
    private final Function<String, ModelInitializer> initializers;

    /**
     * @param priority the names of the initializers to ask, in order
     * @param initializers resolves an initializer by instance name
     */
    public MultiModelInitializer(List<String> priority, Function<String, ModelInitializer> initializers) {
        this.priority = List.copyOf(requireNonNull(priority, "priority is null"));
        this.initializers = requireNonNull(initializers, "initializers is null");
    }

    @Override
    public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        for (String name : priority) {
            try {
                Optional<TangoModel<?, ?>> model = initializers.apply(name).initialize(descriptor);
                if (model.isPresent()) {
                    return model;
                }
            } catch (RuntimeException e) {
                failures.put(name, e);
            }
        }
        if (!failures.isEmpty()) {
            throw Failures.of("no initializer could load model '" + descriptor.key() + "' of format '"
                    + descriptor.format() + "'", failures, priority.size());
        }
        return Optional.empty();
    }
}
