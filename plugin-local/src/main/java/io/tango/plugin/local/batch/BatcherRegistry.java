package io.tango.plugin.local.batch;

import io.tango.api.LoadedModel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The {@link DynamicBatcher}s of one server, one per deployment that batches, started on the deployment's first request
 * with batching on and replaced when its settings change. {@link #close()} closes them all. Thread-safe.
 */
public final class BatcherRegistry implements AutoCloseable {
    private final Function<String, BatchingSettings> settings;
    private final Function<String, ? extends LoadedModel> models;
    private final Executor calls;
    private final int capacity;
    private final Map<String, DynamicBatcher> batchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param settings each deployment's batching settings, by name, asked on every request
     * @param models each deployment's model, by name, asked at every model call
     * @param calls where model calls run
     * @param capacity how many requests may wait in each deployment's batcher
     */
    public BatcherRegistry(Function<String, BatchingSettings> settings, Function<String, ? extends LoadedModel> models,
            Executor calls, int capacity) {
        this.settings = requireNonNull(settings, "settings is null");
        this.models = requireNonNull(models, "models is null");
        this.calls = requireNonNull(calls, "calls is null");
        this.capacity = capacity;
    }

    /**
     * @param name a deployment's name
     * @return its batcher when it batches; empty when its batching is off (closing the batcher it had) or the registry
     *     is closed
     */
    public Optional<DynamicBatcher> batcher(String name) {
        requireNonNull(name, "name is null");
        BatchingSettings wanted = settings.apply(name);
        DynamicBatcher current = batchers.get(name);
        if (current != null && current.settings().equals(wanted)) {
            return Optional.of(current);
        }
        if (!wanted.enabled()) {
            if (current != null) {
                stop(name);
            }
            return Optional.empty();
        }
        DynamicBatcher[] replaced = new DynamicBatcher[1];
        DynamicBatcher batcher = batchers.compute(name, (key, existing) -> {
            if (closed) {
                replaced[0] = existing;
                return null;
            }
            if (existing != null && existing.settings().equals(wanted)) {
                return existing;
            }
            replaced[0] = existing;
            return new DynamicBatcher(name, wanted, () -> models.apply(name), calls, capacity);
        });
        if (replaced[0] != null) {
            replaced[0].close();
        }
        return Optional.ofNullable(batcher);
    }

    /**
     * Closes a deployment's batcher, if it has one (when the deployment is no longer served here).
     *
     * @param name a deployment's name
     */
    public void stop(String name) {
        DynamicBatcher batcher = batchers.remove(requireNonNull(name, "name is null"));
        if (batcher != null) {
            batcher.close();
        }
    }

    /** Closes every batcher; later requests are not batched. Idempotent. */
    @Override
    public void close() {
        closed = true;
        batchers.keySet().forEach(this::stop);
    }
}
