package io.tango.spark;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes the executor runtimes (and the models they loaded) when an executor stops. Enable it at session start with
 * {@code spark.plugins=io.tango.spark.TangoSparkPlugin}; without it, a JVM shutdown hook closes them instead. It has no
 * driver side.
 */
public final class TangoSparkPlugin implements SparkPlugin {
    /** Spark instantiates it from {@code spark.plugins}. */
    public TangoSparkPlugin() {}

    /** @return null: nothing runs on the driver */
    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    /** @return the executor side, whose {@code shutdown()} closes this executor's runtimes */
    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void shutdown() {
                ExecutorRuntimes.closeAll();
            }
        };
    }
}
