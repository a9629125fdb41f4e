package io.tango.spark;

import io.tango.spark.IrisModel.Prediction;
import io.tango.testkit.spark.StandaloneCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real standalone cluster (a master and two workers from the pyspark install, each its own JVM) scores the iris
 * table with the Tribuo-trained ONNX model of a local store ({@link IrisModel}): the driver is this JVM; executors,
 * started by the workers on the distribution's own jars, get the shaded jar through {@code spark.jars} and
 * plugin-local in the zipped plugin directory through {@code spark.archives}. One cluster, one session and one
 * scoring job for the class; the tests read what that job gave.
 */
class StandaloneClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneClusterIT.class);

    @TempDir
    static Path work;

    private static CompletableFuture<StandaloneCluster> starting;
    private static SparkSession spark;
    private static List<Row> rows;
    private static List<Prediction> expected;
    private static String[] columns;
    private static List<Row> scored;
    private static long loads;

    @BeforeAll
    static void scoreOnTheCluster() {
        long start = System.nanoTime();
        // The cluster starts while the model is trained and predicts in-process.
        starting = CompletableFuture.supplyAsync(() -> StandaloneCluster.start(work.resolve("cluster")));
        IrisModel iris = IrisModel.train(work);
        rows = IrisModel.rows();
        expected = iris.predictInProcess(rows);
        spark = ClusterSessions.start(starting.join(), ClusterSessions.zip(iris.pluginDirectory(),
                work.resolve("tango-plugins.zip")), work, StandaloneClusterIT.class.getSimpleName());
        TangoScorer scorer = TangoSpark.scorer(spark, ScoringSpec.builder()
                .configYaml(iris.config())
                .modelKey(IrisModel.KEY)
                .pluginArchive(ClusterSessions.PLUGINS_FRAGMENT)
                .batchSize(16)
                .build());
        Dataset<Row> result = scorer.score(IrisModel.dataset(spark, rows, IrisModel.schema(), 6));
        columns = result.columns();
        scored = result.collectAsList();
        loads = scorer.modelLoads();
        LOG.info("trained, started the cluster and the session, scored {} rows in {} s", scored.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    @AfterAll
    static void stop() {
        ClusterSessions.stop(spark, ClusterSessions.started(starting));
    }

    @Test
    void executorsInTheirOwnJvmsPredictWhatTheModelPredictsInProcess() {
        assertThat(ClusterSessions.predictions(scored)).containsExactlyElementsOf(expected);
    }

    @Test
    void rowsComeBackInTheirOrderWithTheirColumns() {
        assertThat(scored).extracting(row -> row.getLong(0))
                .containsExactlyElementsOf(rows.stream().map(row -> row.getLong(0)).toList());
        assertThat(columns).containsExactly("id", "sepal_length", "sepal_width", "petal_length", "petal_width",
                "species", "prediction");
    }

    @Test
    void eachOfTheTwoExecutorJvmsLoadsTheModelOnce() {
        assertThat(loads).isEqualTo(2);
    }
}
