package io.tango.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/** The tests' {@code local[2]} session: no UI, two shuffle partitions, scratch files in the test's folder. */
final class LocalSpark {
    private LocalSpark() {}

    /**
     * @param folder the test's temporary folder (gets {@code spark-local})
     * @return a new session with {@link TangoSparkPlugin} installed
     */
    static SparkSession start(Path folder) {
        return SparkSession.builder()
                .master("local[2]")
                .appName("tango-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", folder.resolve("spark-local").toString())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.plugins", TangoSparkPlugin.class.getName())
                .getOrCreate();
    }

    /**
     * Stops a session (if it started) and closes the executor runtimes its tasks left in this JVM.
     *
     * @param spark the session, or null
     */
    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        TangoSpark.closeExecutorRuntimes();
    }
}
