package io.tango.runtime.builtin;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Asks other finders in priority order and returns the first descriptor found. "Not found anywhere" (empty) stays
 * distinct from "a finder failed": when no finder finds the model and some failed, every failure is reported.
 * Thread-safe.
 */
public final class MultiModelFinder implements ModelFinder {
    private final List<String> priority;
    private final Function<String, ModelFinder> finders;

    /**
     * @param priority the names of the finders to ask, in order
     * @param finders resolves a finder by instance name
     */
    public MultiModelFinder(List<String> priority, Function<String, ModelFinder> finders) {
        this.priority = List.copyOf(requireNonNull(priority, "priority is null"));
        this.finders = requireNonNull(finders, "finders is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        for (String name : priority) {
            try {
                Optional<ModelDescriptor> found = finders.apply(name).find(key);
                if (found.isPresent()) {
                    return found;
                }
            } catch (RuntimeException e) {
                failures.put(name, e);
            }
        }
        if (!failures.isEmpty()) {
            throw Failures.of("no finder found model '" + key + "'", failures, priority.size());
        }
        return Optional.empty();
    }
}
