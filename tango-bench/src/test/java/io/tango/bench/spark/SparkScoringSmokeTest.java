package io.tango.bench.spark;

import io.tango.bench.PluginFolders;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.spark.TangoScorer;
import io.tango.spark.TangoSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Spark phase's Java sides once on a few thousand rows in one {@code local[2]} session: TANGO's scorer with
 * plugin-local from a plugin directory, and the hand-written ONNX Runtime {@code mapPartitions} (with a float output,
 * and with TANGO's output type). Each side's first
 * rows are checked against {@link TinyOnnxModel#predict(float[])} before it is timed; asserts that both sides were
 * checked and timed, never how fast.
 */
class SparkScoringSmokeTest {
    private static final int ROWS = 3_000;
    private static final int BATCH_SIZE = 256;

    @TempDir
    static Path work;

    static SparkSession spark;
    static Path model;
    static Path plugins;

    @BeforeAll
    static void startSpark() {
        Path repository = Path.of(System.getProperty("tango.bench.repository", ".."));
        Path module = repository.resolve("plugin-local");
        assertThat(module.resolve("target/plugin-deps"))
                .as("plugin-local must be packaged first: ./mvnw -pl tango-bench -am verify")
                .isDirectory();
        plugins = work.resolve("plugins");
        PluginFolders.assemble(module, plugins.resolve("local"));
        model = TinyOnnxModel.write(work.resolve("tiny.onnx"));
        spark = SparkScoringBench.localSession(work.resolve("spark-local"));
    }

    @AfterAll
    static void stopSpark() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            DirectOnnxPartitions.closeSessions();
            TangoSpark.closeExecutorRuntimes();
        }
    }

    @Test
    void tangoAndBothHandWrittenMapPartitionsAreCheckedThenTimedOnTheSameTable() {
        Dataset<Row> input = SparkScoringBench.features(spark, ROWS);
        TangoScorer scorer = SparkScoringBench.tangoScorer(spark, work.resolve("store"), model, plugins, BATCH_SIZE);
        List<SparkScoringBench.Side> sides = List.of(
                SparkScoringBench.tango(scorer),
                SparkScoringBench.direct(model, BATCH_SIZE),
                SparkScoringBench.directWithTangoOutput(model, BATCH_SIZE, scorer.outputType()));

        Map<String, SparkScoringBench.Result> results = SparkScoringBench.measure(input, sides, 0, 1);

        assertThat(results).containsOnlyKeys("tango", "onnxruntime", "onnxruntime-struct");
        results.forEach((side, result) -> {
            assertThat(result.error()).as(side).isEqualTo(Optional.empty());
            assertThat(result.samples()).as(side).hasSize(SparkScoringBench.CHECKED_ROWS);
            assertThat(result.seconds()).as(side).hasSize(1);
        });
    }

    @Test
    void theFirstCheckedRowIsTheModelsAnswerForTheTablesFirstFeatures() {
        Dataset<Row> input = SparkScoringBench.features(spark, SparkScoringBench.CHECKED_ROWS);

        Map<String, SparkScoringBench.Result> results = SparkScoringBench.measure(input,
                List.of(SparkScoringBench.direct(model, BATCH_SIZE)), 0, 0);

        assertThat(results.get("onnxruntime").samples().get(0)).containsExactly(4.0f, 2.0f, 1.0f, 0.0f, 3.125f);
    }

    @Test
    void aSideWhoseScoringFailsIsReportedWithItsReasonAndTheOthersStillRun() {
        Dataset<Row> input = SparkScoringBench.features(spark, SparkScoringBench.CHECKED_ROWS);
        SparkScoringBench.Side broken = new SparkScoringBench.Side("broken",
                table -> table.selectExpr("x", "CAST(1.0 AS FLOAT) AS y"), "y");

        Map<String, SparkScoringBench.Result> results = SparkScoringBench.measure(input,
                List.of(broken, SparkScoringBench.direct(model, BATCH_SIZE)), 0, 1);

        assertThat(results.get("broken").error()).contains(
                "java.lang.IllegalStateException: broken predicted 1.0 for [4.0, 2.0, 1.0, 0.0], expected 3.125");
        assertThat(results.get("broken").seconds()).isEmpty();
        assertThat(results.get("onnxruntime").seconds()).hasSize(1);
    }
}
