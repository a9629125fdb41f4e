package io.tango.spark;

import io.tango.spark.IrisModel.Prediction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoring a real ONNX model (Iris, trained by plugin-local's Tribuo engine, plugin-local loaded from a plugin
 * directory) in {@code local[2]}, against the shaded jar: the predictions equal the model's in-process ones, rows keep
 * their order, and the model loads once per executor JVM.
 */
class TangoSparkLocalIT {
    @TempDir
    static Path folder;

    private static SparkSession spark;
    private static IrisModel iris;
    private static List<Row> rows;
    private static List<Prediction> expected;

    @BeforeAll
    static void start() {
        iris = IrisModel.train(folder);
        rows = IrisModel.rows();
        expected = iris.predictInProcess(rows);
        spark = LocalSpark.start(folder);
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    @BeforeEach
    void freshExecutorRuntimes() {
        TangoSpark.closeExecutorRuntimes();
    }

    @Test
    void derivesTheOutputTypesFromTheSignatureOnTheDriver() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().build());

        assertThat(scorer.outputType()).isEqualTo(new StructType()
                .add("label", DataTypes.StringType, true)
                .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), true));
        assertThat(scorer.modelLoads()).isZero();
    }

    @Test
    void scoresEveryRowAsTheModelDoesInProcessAndLoadsItOncePerExecutor() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().build());

        Dataset<Row> scored = scorer.score(IrisModel.dataset(spark, rows, IrisModel.schema(), 3));
        List<Row> result = scored.collectAsList();

        assertThat(scored.columns()).containsExactly("id", "sepal_length", "sepal_width", "petal_length", "petal_width",
                "species", "prediction");
        assertThat(predictions(result, 6)).containsExactlyElementsOf(expected);
        assertThat(scorer.modelLoads()).isEqualTo(1);
    }

    @Test
    void keepsTheRowsInOrderOverBatchesThatDoNotDivideThePartitions() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().batchSize(7).build());

        List<Row> result = scorer.score(IrisModel.dataset(spark, rows, IrisModel.schema(), 3)).collectAsList();

        assertThat(result).extracting(row -> row.getLong(0)).containsExactlyElementsOf(
                rows.stream().map(row -> row.getLong(0)).toList());
        assertThat(predictions(result, 6)).containsExactlyElementsOf(expected);
    }

    @Test
    void putsOneColumnPerOutputInTheColumnsLayout() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().outputLayout(OutputLayout.COLUMNS).build());

        Dataset<Row> scored = scorer.score(IrisModel.dataset(spark, rows, IrisModel.schema(), 2));
        List<Row> result = scored.collectAsList();

        assertThat(scored.columns()).containsExactly("id", "sepal_length", "sepal_width", "petal_length", "petal_width",
                "species", "label", "probabilities");
        List<Prediction> predictions = new ArrayList<>();
        for (Row row : result) {
            predictions.add(new Prediction(row.getString(6), row.getList(7)));
        }
        assertThat(predictions).containsExactlyElementsOf(expected);
    }

    @Test
    void mapsTheModelsInputsToOtherColumns() {
        Dataset<Row> renamed = IrisModel.dataset(spark, rows, IrisModel.schema(), 2)
                .withColumnRenamed("sepal_length", "a").withColumnRenamed("petal_width", "d");
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec()
                .inputColumns(List.of("a", "sepal_width", "petal_length", "d")).outputColumn("iris").build());

        List<Row> result = scorer.score(renamed).select("iris").collectAsList();

        assertThat(predictions(result, 0)).containsExactlyElementsOf(expected);
    }

    @Test
    void findsColumnsWhoseNamesDifferOnlyInCaseAsSparkDoes() {
        Dataset<Row> upper = IrisModel.dataset(spark, rows, IrisModel.schema(), 2).withColumnRenamed("petal_width", "PETAL_WIDTH");

        List<Row> result = TangoSpark.scorer(spark, iris.spec().build()).score(upper).collectAsList();

        assertThat(predictions(result, 6)).containsExactlyElementsOf(expected);
    }

    @Test
    void scoresRowByRowThroughTheSqlUdf() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().build());
        scorer.register("iris_predict");
        IrisModel.dataset(spark, rows, IrisModel.schema(), 3).createOrReplaceTempView("iris");

        List<Row> result = spark.sql("SELECT iris_predict(struct(sepal_length, sepal_width, petal_length, petal_width))"
                + " AS p FROM iris ORDER BY id").collectAsList();

        assertThat(predictions(result, 0)).containsExactlyElementsOf(expected);
        assertThat(scorer.modelLoads()).isEqualTo(1);
    }

    @Test
    void scoresThroughTheUdfInTheDataFrameApi() {
        TangoScorer scorer = TangoSpark.scorer(spark, iris.spec().build());

        List<Row> result = IrisModel.dataset(spark, rows, IrisModel.schema(), 2)
                .select(scorer.udf().apply(struct(col("sepal_length"), col("sepal_width"), col("petal_length"),
                        col("petal_width"))))
                .collectAsList();

        assertThat(predictions(result, 0)).containsExactlyElementsOf(expected);
    }

    @Test
    void loadsPluginsFromAnArchiveSparkShipsAndUnpacks() throws IOException {
        Path zip = zip(iris.pluginDirectory(), folder.resolve("plugins.zip"));
        spark.sparkContext().addArchive(zip.toUri() + "#tango-plugins");
        ScoringSpec spec = ScoringSpec.builder().configYaml(iris.config()).modelKey(IrisModel.KEY)
                .pluginArchive("tango-plugins").build();

        List<Row> result = TangoSpark.scorer(spark, spec).score(IrisModel.dataset(spark, rows, IrisModel.schema(), 2))
                .collectAsList();

        assertThat(predictions(result, 6)).containsExactlyElementsOf(expected);
    }

    /** @return {@code zip}, holding the directory's contents (its sub-folders at the top), as an operator zips it */
    private static Path zip(Path directory, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    private static List<Prediction> predictions(List<Row> rows, int column) {
        List<Prediction> predictions = new ArrayList<>();
        for (Row row : rows) {
            Row prediction = row.getStruct(column);
            predictions.add(new Prediction(prediction.getString(0), prediction.getList(1)));
        }
        return predictions;
    }
}
