package io.tango.spark;

import io.tango.api.LoadedModel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The executor runtime cache: the one static of tango-spark, an exception to TANGO's "no global state" rule, made on
 * purpose. Spark deserializes a task's function afresh for every task, so the JVM is the only scope the tasks of an
 * executor share; holding one {@link io.tango.runtime.TangoRuntime} per distinct configuration and plugin directory
 * here is what lets each executor load a model once and reuse it across tasks and partitions.
 *
 * <p>Closed, idempotently, by {@link TangoSparkPlugin}'s executor {@code shutdown()} (when {@code spark.plugins}
 * names it), by a JVM shutdown hook registered on first use (the fallback when it does not), and by
 * {@link TangoSpark#closeExecutorRuntimes()} (tests, local mode). Thread-safe.
 */
final class ExecutorRuntimes {
    private static final Logger log = LoggerFactory.getLogger(ExecutorRuntimes.class);
    private static final ConcurrentMap<RuntimeKey, SharedRuntime> RUNTIMES = new ConcurrentHashMap<>();
    private static final AtomicBoolean HOOK_REGISTERED = new AtomicBoolean();

    private ExecutorRuntimes() {}

    /**
     * @param spec the spec
     * @param loads counts the models this JVM loads for the spec
     * @return the spec's model, loaded once per JVM
     * @throws RuntimeException why the runtime could not be built or the model loaded (the same error on every call)
     */
    static LoadedModel model(ScoringSpec spec, LongAccumulator loads) {
        if (HOOK_REGISTERED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorRuntimes::closeAll, "tango-spark-close-runtimes"));
        }
        Path plugins = PluginLocation.resolve(spec);
        RuntimeKey key = RuntimeKey.of(spec.configYaml(), plugins);
        return RUNTIMES.computeIfAbsent(key, ignored -> new SharedRuntime(spec.configYaml(), plugins, key)).model(spec, loads);
    }

    /** Closes every runtime of this JVM and the models they loaded; the next task builds new ones. Idempotent. */
    static void closeAll() {
        List<SharedRuntime> runtimes = new ArrayList<>();
        for (RuntimeKey key : List.copyOf(RUNTIMES.keySet())) {
            SharedRuntime runtime = RUNTIMES.remove(key);
            if (runtime != null) {
                runtimes.add(runtime);
            }
        }
        for (SharedRuntime runtime : runtimes) {
            try {
                runtime.close();
            } catch (RuntimeException e) {
                log.warn("Closing an executor runtime failed: {}", e.getMessage(), e);
            }
        }
    }
}
