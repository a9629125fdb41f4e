package io.tango.spark;

import io.tango.spark.IrisModel.Prediction;
import io.tango.testkit.spark.StandaloneCluster;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * What the cluster ITs ship and how they connect, as a user's {@code spark-submit} would: the shaded jar through
 * {@code spark.jars}, the plugin directory zipped and shipped through {@code spark.archives=…zip#tango-plugins}, and
 * {@link TangoSparkPlugin} through {@code spark.plugins}. The driver is the test JVM.
 */
final class ClusterSessions {
    /** The fragment executors unpack the plugin archive under, and {@link ScoringSpec}'s {@code pluginArchive}. */
    static final String PLUGINS_FRAGMENT = "tango-plugins";

    private static final Duration EXECUTORS_TIMEOUT = Duration.ofMinutes(2);

    private ClusterSessions() {}

    /**
     * @return the shaded main artifact, {@code tango-spark/target/tango-spark-<version>.jar}, named by failsafe's
     *     system property {@code tango.spark.jar}
     */
    static Path shadedJar() {
        String value = System.getProperty("tango.spark.jar");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property tango.spark.jar is not set: run the ITs with failsafe after"
                    + " package (./mvnw verify -pl tango-spark)");
        }
        Path jar = Path.of(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the shaded jar " + jar + " does not exist: package tango-spark first");
        }
        return jar;
    }

    /**
     * Zips a plugin directory (one sub-folder per plugin) so that it unpacks as that directory.
     *
     * @param pluginDirectory the directory to zip
     * @param zip the archive to write
     * @return {@code zip}
     */
    static Path zip(Path pluginDirectory, Path zip) {
        requireNonNull(pluginDirectory, "pluginDirectory is null");
        requireNonNull(zip, "zip is null");
        try (OutputStream file = Files.newOutputStream(zip);
             ZipOutputStream out = new ZipOutputStream(file);
             Stream<Path> walk = Files.walk(pluginDirectory)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(pluginDirectory.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip " + pluginDirectory + " into " + zip, e);
        }
        return zip;
    }

    /**
     * Starts a session of the test JVM against the cluster and waits until both executors have registered, so that
     * the first job's tasks go to both.
     *
     * @param cluster the running cluster
     * @param pluginArchive the zipped plugin directory
     * @param work a folder of the test's own (the driver's scratch space)
     * @param appName the application's name in the master's UI
     * @return the session; stop it before closing the cluster
     */
    static SparkSession start(StandaloneCluster cluster, Path pluginArchive, Path work, String appName) {
        SparkSession spark = SparkSession.builder()
                .appName(appName)
                .master(cluster.masterUrl())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.memory", StandaloneCluster.WORKER_MEMORY)
                .config("spark.cores.max", StandaloneCluster.WORKERS * StandaloneCluster.WORKER_CORES)
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", work.resolve("driver-local").toString())
                .config("spark.jars", shadedJar().toString())
                .config("spark.archives", pluginArchive.toUri() + "#" + PLUGINS_FRAGMENT)
                .config("spark.plugins", TangoSparkPlugin.class.getName())
                .getOrCreate();
        try {
            awaitExecutors(spark, StandaloneCluster.WORKERS, EXECUTORS_TIMEOUT);
            return spark;
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    /**
     * @param starting a cluster being started in the background, or null
     * @return the cluster once started, so that it can be stopped; null if there is none or it failed to start (a
     *     failed start stops what it started)
     */
    static StandaloneCluster started(CompletableFuture<StandaloneCluster> starting) {
        return starting == null ? null : starting.handle((cluster, failure) -> cluster).join();
    }

    /**
     * Stops the session, closes this JVM's executor runtimes (the driver's), then closes the resources in order, each
     * even if an earlier one failed; null ones are skipped.
     *
     * @param spark the session, or null
     * @param resources the cluster, servers, … in the order to close them
     */
    static void stop(SparkSession spark, AutoCloseable... resources) {
        List<Exception> failures = new ArrayList<>();
        if (spark != null) {
            try {
                spark.stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        TangoSpark.closeExecutorRuntimes();
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("stopping the cluster test failed", failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * @param scored rows with the default struct column {@code prediction} of the iris model
     * @return each row's prediction, in the rows' order
     */
    static List<Prediction> predictions(List<Row> scored) {
        return scored.stream()
                .map(row -> row.getStruct(row.fieldIndex(ScoringSpec.DEFAULT_OUTPUT_COLUMN)))
                .map(prediction -> new Prediction(prediction.getString(0), prediction.getList(1)))
                .toList();
    }

    /** Waits until {@code count} executors (the driver not counted) are up, woken by each executor that is added. */
    private static void awaitExecutors(SparkSession spark, int count, Duration timeout) {
        BlockingQueue<String> added = new LinkedBlockingQueue<>();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onExecutorAdded(SparkListenerExecutorAdded executorAdded) {
                added.add(executorAdded.executorId());
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (executors(spark) < count) {
            try {
                if (added.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == null
                        && executors(spark) < count) {
                    throw new IllegalStateException("only " + executors(spark) + " executors registered within "
                            + timeout + "; expected " + count);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    /** The status tracker knows the driver as an executor too. */
    private static int executors(SparkSession spark) {
        return spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
    }
}
