package io.tango.spark;

import io.tango.spark.IrisModel.Prediction;
import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.MlflowTrackingServer;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;
import io.tango.testkit.spark.StandaloneCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same cluster scoring as {@link StandaloneClusterIT}, with the model found through a real MLflow registry: the
 * Tribuo-trained ONNX file is logged to an {@code mlflow server} with the onnx flavor, registered and given the alias
 * {@code champion}, and scored as {@code models:/iris-onnx@champion} with plugin-mlflow's finder and plugin-local's
 * initializer, both shipped in the zipped plugin directory. The config sets no {@code cache_dir}, as a user's would
 * not, so each executor downloads the model into {@code tango-cache} under its own SparkFiles root, which on a
 * standalone worker is the executor's work directory. One cluster, one MLflow server, one session and one job.
 */
class StandaloneClusterMlflowIT {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneClusterMlflowIT.class);
    private static final String REGISTERED = "iris-onnx";
    /** Where tango-spark puts a downloading finder's cache when the config sets none: under each node's SparkFiles root. */
    private static final String EXECUTOR_CACHE = "tango-cache";

    @TempDir
    static Path work;

    private static CompletableFuture<StandaloneCluster> starting;
    private static ListeningProcess mlflow;
    private static SparkSession spark;
    private static List<Row> scored;
    private static long loads;
    private static List<Prediction> expected;

    @BeforeAll
    static void scoreOnTheCluster() throws Exception {
        long start = System.nanoTime();
        // The cluster starts while MLflow starts and the model is trained and logged: the class's wall time is the
        // longer of the two, not their sum.
        starting = CompletableFuture.supplyAsync(() -> StandaloneCluster.start(work.resolve("cluster")));
        IrisModel iris = IrisModel.train(work);
        expected = iris.predictInProcess(IrisModel.rows());
        Path plugins = iris.pluginDirectory();
        PluginFolders.assemble("plugin-mlflow", plugins.resolve("mlflow"));
        PythonEnvironment python = PythonEnvironment.ensure("mlflow", PythonRequirements.MLFLOW);
        mlflow = MlflowTrackingServer.start(python, work.resolve("mlflow"));
        String trackingUri = mlflow.url().toString();
        ProcessResult logged = python.run(List.of(script("/cluster/log_onnx_model.py").toString(), trackingUri,
                onlyFile(work.resolve("store"), "model.onnx").toString(), REGISTERED, "champion"),
                Map.of("MLFLOW_TRACKING_URI", trackingUri), Duration.ofMinutes(3));
        assertThat(logged.succeeded()).as("logging the ONNX model to MLflow:\n%s", logged.output()).isTrue();

        StandaloneCluster cluster = starting.join();
        spark = ClusterSessions.start(cluster, ClusterSessions.zip(plugins, work.resolve("tango-plugins.zip")), work,
                StandaloneClusterMlflowIT.class.getSimpleName());
        TangoScorer scorer = TangoSpark.scorer(spark, ScoringSpec.builder()
                .configYaml("""
                        model_management:
                          finders:
                            mlflow: {type: MLFLOW, config: {tracking_uri: "%s", environment: {}}}
                          initializers:
                            local: {type: LOCAL}
                        """.formatted(trackingUri))
                .modelKey("models:/" + REGISTERED + "@champion")
                .finder("mlflow")
                .initializer("local")
                .pluginArchive(ClusterSessions.PLUGINS_FRAGMENT)
                .batchSize(16)
                .build());
        scored = scorer.score(tensorTable(spark)).collectAsList();
        loads = scorer.modelLoads();
        LOG.info("trained, logged to MLflow, started the cluster and the session, scored {} rows in {} s",
                scored.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    /**
     * The iris rows as the ONNX graph takes them, which is what the model logged to MLflow declares: {@code id} and
     * {@code input}, the four features as an array of floats; six partitions in order.
     */
    private static Dataset<Row> tensorTable(SparkSession spark) {
        List<Row> rows = IrisModel.rows().stream().map(row -> RowFactory.create(row.getLong(0), new float[] {
                (float) row.getDouble(1), (float) row.getDouble(2), (float) row.getDouble(3),
                (float) row.getDouble(4)})).toList();
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("input", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return IrisModel.dataset(spark, rows, schema, 6);
    }

    @AfterAll
    static void stop() {
        ClusterSessions.stop(spark, ClusterSessions.started(starting), mlflow);
    }

    @Test
    void executorsPredictWhatTheLocallyTrainedModelPredictsInProcess() {
        assertThat(ClusterSessions.predictions(scored)).containsExactlyElementsOf(expected);
    }

    @Test
    void eachExecutorJvmLoadsTheModelOnce() {
        assertThat(loads).isEqualTo(2);
    }

    @Test
    void eachExecutorDownloadsTheModelIntoItsOwnCache() throws IOException {
        List<Path> caches;
        try (Stream<Path> walk = Files.walk(work.resolve("cluster"))) {
            caches = walk.filter(path -> path.getFileName().toString().equals(EXECUTOR_CACHE)).sorted().toList();
        }
        assertThat(caches).hasSize(2);
        assertThat(caches.get(0)).startsWith(work.resolve("cluster/worker1/work"));
        assertThat(caches.get(1)).startsWith(work.resolve("cluster/worker2/work"));
        for (Path cache : caches) {
            assertThat(Files.size(onlyFile(cache, "model.onnx"))).as("the model downloaded into %s", cache).isPositive();
        }
    }

    private static Path onlyFile(Path folder, String name) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> found = walk.filter(path -> path.getFileName().toString().equals(name)).toList();
            assertThat(found).as("%s under %s", name, folder).hasSize(1);
            return found.get(0);
        }
    }

    private static Path script(String resource) throws URISyntaxException {
        return Path.of(StandaloneClusterMlflowIT.class.getResource(resource).toURI());
    }
}
