package io.tango.spark;

import io.tango.api.LoadedModel;
import io.tango.api.ModelKey;
import io.tango.runtime.TangoRuntime;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * One executor's runtime for one configuration and plugin directory, and the models it loaded: each built once, and
 * a failure to build or load kept, so that the task retries on this executor fail at once with the same error instead
 * of trying again. Thread-safe: the tasks of an executor share it.
 */
final class SharedRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedRuntime.class);

    private final String configYaml;
    private final Path pluginDirectory;
    private final RuntimeKey key;
    private final ConcurrentMap<ModelLoad, Outcome<LoadedModel>> models = new ConcurrentHashMap<>();
    private Outcome<TangoRuntime> runtime;
    private boolean closed;

    SharedRuntime(String configYaml, Path pluginDirectory, RuntimeKey key) {
        this.configYaml = requireNonNull(configYaml, "configYaml is null");
        this.pluginDirectory = pluginDirectory;
        this.key = requireNonNull(key, "key is null");
    }

    /**
     * @param spec the spec naming the model, finder and initializer
     * @param loads counts the loads this call causes (one the first time this runtime loads the model)
     * @return the loaded model, shared by every task of this JVM
     * @throws RuntimeException the error of the first attempt to build the runtime or load the model
     */
    LoadedModel model(ScoringSpec spec, LongAccumulator loads) {
        ModelLoad load = new ModelLoad(spec.modelKey(), spec.finder(), spec.initializer());
        return models.computeIfAbsent(load, ignored -> load(load, loads)).get();
    }

    private Outcome<LoadedModel> load(ModelLoad load, LongAccumulator loads) {
        try {
            LoadedModel model = runtime().modelManager().load(ModelKey.of(load.key()), load.finder(), load.initializer());
            loads.add(1);
            log.info("Loaded model '{}' on this executor ({})", load.key(), key);
            return Outcome.of(model);
        } catch (RuntimeException e) {
            log.warn("Model '{}' failed to load on this executor ({}); later tasks here fail with the same error: {}",
                    load.key(), key, e.getMessage());
            return Outcome.failed(e);
        }
    }

    private synchronized TangoRuntime runtime() {
        if (closed) {
            throw new IllegalStateException("the executor runtimes were closed (the executor is stopping)");
        }
        if (runtime == null) {
            try {
                runtime = Outcome.of(newRuntime(configYaml, pluginDirectory));
            } catch (RuntimeException e) {
                runtime = Outcome.failed(e);
            }
        }
        return runtime.get();
    }

    /**
     * Builds a runtime as tango-spark does on every node: API and SLF4J from tango-spark's own class loader, plugins
     * from the plugin directory in isolated class loaders (or from the class path when there is none), registry
     * downloads in this node's Spark folder ({@link ExecutorCache}).
     *
     * @param configYaml the configuration text
     * @param pluginDirectory the plugin directory, or null
     * @return the runtime; the caller closes it
     */
    static TangoRuntime newRuntime(String configYaml, Path pluginDirectory) {
        TangoRuntime.Builder builder = TangoRuntime.builder()
                .config(ExecutorCache.document(configYaml))
                .hostClassLoader(SharedRuntime.class.getClassLoader());
        if (pluginDirectory != null) {
            builder.scanClassPath(false).pluginDirectory(pluginDirectory);
        }
        return builder.build();
    }

    /** Closes the runtime and with it every model it loaded; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (runtime != null && runtime.value() != null) {
            runtime.value().close();
        }
        models.clear();
    }

    /** A model to load: its key and the instances that find and initialize it. */
    private record ModelLoad(String key, String finder, String initializer) {}

    /** A value or the error that stood in its way. */
    private record Outcome<T>(T value, RuntimeException failure) {
        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(RuntimeException failure) {
            return new Outcome<>(null, failure);
        }

        T get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
