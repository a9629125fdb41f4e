package io.tango.spark;

import io.tango.api.InvalidConfigException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.spark.IrisModel.Prediction;
import org.apache.spark.SparkException;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The documented errors, with the Iris model in {@code local[2]}: what the driver refuses before any task runs
 * (missing columns, types that do not feed an input, an unknown model), what fails the job (a null input, with its
 * row's position), and the error column that replaces failing in {@link ErrorMode#NULL_WITH_ERROR_COLUMN}.
 */
class TangoSparkErrorsIT {
    private static final String NULL_FIX = "; model 'iris' needs a value: drop or fill nulls first (Dataset.na()), or"
            + " score with ErrorMode.NULL_WITH_ERROR_COLUMN";

    @TempDir
    static Path folder;

    private static SparkSession spark;
    private static IrisModel iris;
    private static List<Row> rows;

    @BeforeAll
    static void start() {
        iris = IrisModel.train(folder);
        rows = IrisModel.rows();
        spark = LocalSpark.start(folder);
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    @Test
    void anUnknownModelFailsOnTheDriverWithTheFindersMessage() {
        assertThatThrownBy(() -> TangoSpark.scorer(spark, iris.spec().modelKey("no-such-model").build()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("model 'no-such-model' was not found by finder 'default'");
    }

    @Test
    void aPluginDirectoryMissingOnTheDriverIsAConfigErrorSayingHowToShipIt() {
        String missing = folder.resolve("no-such-plugins").toString();

        assertThatThrownBy(() -> TangoSpark.scorer(spark, iris.spec().pluginDirectory(missing).build()))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: pluginDirectory: plugin directory '" + missing + "' does not exist on"
                        + " this node: make it present on every node (the driver included), or zip it and ship it with"
                        + " spark.archives=plugins.zip#tango-plugins and ScoringSpec.pluginArchive(\"tango-plugins\")");
    }

    @Test
    void aPluginArchiveSparkDidNotUnpackIsAConfigErrorSayingHowToShipIt() {
        ScoringSpec spec = ScoringSpec.builder().configYaml(iris.config()).modelKey(IrisModel.KEY)
                .pluginArchive("no-such-archive").build();

        assertThatThrownBy(() -> TangoSpark.scorer(spark, spec))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: pluginArchive: plugin archive 'no-such-archive' is not unpacked on this"
                        + " node (" + SparkFiles.get("no-such-archive") + " does not exist): ship it with"
                        + " spark.archives=plugins.zip#no-such-archive (or spark-submit --archives"
                        + " plugins.zip#no-such-archive)");
    }

    @Test
    void aMissingColumnFailsBeforeAnyTaskRuns() {
        Dataset<Row> input = table().drop("petal_width");

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL).score(input))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'petal_width' is not in the dataset [id, sepal_length, sepal_width, petal_length, species]:"
                        + " model 'iris' needs it for input 'petal_width' (FLOAT64); add the column, or map the model's inputs"
                        + " to other columns with ScoringSpec.inputColumns");
    }

    @Test
    void aStringColumnFailsBeforeAnyTaskRunsSayingHowToCastIt() {
        Dataset<Row> input = table().withColumn("petal_width", col("petal_width").cast("string"));

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL).score(input))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'petal_width' is string; model 'iris' input 'petal_width' is FLOAT64, which takes tinyint,"
                        + " smallint, int, float or double: cast the column, e.g. col(\"petal_width\").cast(\"double\")");
    }

    @Test
    void aLossyNumericColumnIsRefusedNotCast() {
        Dataset<Row> input = table().withColumn("sepal_length", col("sepal_length").cast("bigint"));

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL).score(input))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'sepal_length' is bigint; model 'iris' input 'sepal_length' is FLOAT64, which takes"
                        + " tinyint, smallint, int, float or double: cast the column, e.g. col(\"sepal_length\").cast(\"double\")");
    }

    @Test
    void anIntColumnWidensIntoADoubleInput() {
        Dataset<Row> input = table().withColumn("sepal_length", lit(5));

        List<Row> scored = scorer(ErrorMode.FAIL).score(input).select("prediction.label").collectAsList();

        assertThat(scored).hasSize(150).allSatisfy(row -> assertThat(row.getString(0)).isIn("setosa", "versicolor", "virginica"));
    }

    @Test
    void inputColumnsMustNameOneColumnPerInput() {
        assertThatThrownBy(() -> TangoSpark.scorer(spark, iris.spec().inputColumns(List.of("a", "b")).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("inputColumns names 2 columns [a, b] but model 'iris' has 4 inputs [sepal_length, sepal_width,"
                        + " petal_length, petal_width]: give one column per input, in that order");
    }

    @Test
    void anOutputColumnMayNotReplaceAnInputColumn() {
        Dataset<Row> input = table().withColumn("prediction", lit(1));

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL).score(input))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the dataset already has a column 'prediction', which scoring with model 'iris' adds: rename or"
                        + " drop it, or choose another name with ScoringSpec.outputColumn / OutputLayout.STRUCT");
    }

    @Test
    void aNullInputFailsTheJobNamingTheColumnAndTheRowsPosition() {
        Dataset<Row> input = IrisModel.dataset(spark, withNullPetalWidth(Set.of(80L)), IrisModel.schema(), 2);

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL).score(input).collectAsList())
                .isInstanceOf(SparkException.class)
                .cause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'petal_width' is null in row 5 of partition 1" + NULL_FIX);
    }

    @Test
    void theErrorColumnModeScoresTheOtherRowsAndExplainsTheFailedOnes() {
        List<Prediction> expected = iris.predictInProcess(rows);
        Dataset<Row> input = IrisModel.dataset(spark, withNullPetalWidth(Set.of(3L, 80L)), IrisModel.schema(), 2);

        Dataset<Row> scored = scorer(ErrorMode.NULL_WITH_ERROR_COLUMN).score(input);
        List<Row> result = scored.collectAsList();

        assertThat(scored.columns()).endsWith("prediction", ErrorColumn.NAME);
        for (Row row : result) {
            int id = (int) row.getLong(0);
            if (id == 3 || id == 80) {
                assertThat(row.isNullAt(6)).isTrue();
                assertThat(row.getString(7)).isEqualTo("column 'petal_width' is null in row " + (id == 3 ? "3 of partition 0" : "5 of partition 1")
                        + NULL_FIX);
            } else {
                Row prediction = row.getStruct(6);
                assertThat(new Prediction(prediction.getString(0), prediction.getList(1))).isEqualTo(expected.get(id));
                assertThat(row.isNullAt(7)).isTrue();
            }
        }
        assertThat(result).hasSize(150);
    }

    @Test
    void theUdfRefusesAValueOfTheWrongKindNamingTheRow() {
        Dataset<Row> input = table().where("id = 0");
        TangoScorer scorer = scorer(ErrorMode.FAIL);

        assertThatThrownBy(() -> input.select(scorer.udf().apply(struct(col("species").as("sepal_length"), col("sepal_width"),
                        col("petal_length"), col("petal_width")))).collectAsList())
                .isInstanceOf(SparkException.class)
                .rootCause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'sepal_length' holds String setosa in row [setosa, 3.5, 1.4, 0.2] of partition 0; model"
                        + " 'iris' input 'sepal_length' is FLOAT64, which takes tinyint, smallint, int, float or double values");
    }

    private static TangoScorer scorer(ErrorMode mode) {
        return TangoSpark.scorer(spark, iris.spec().errorMode(mode).build());
    }

    private static Dataset<Row> table() {
        return IrisModel.dataset(spark, rows, IrisModel.schema(), 2);
    }

    private static List<Row> withNullPetalWidth(Set<Long> ids) {
        List<Row> changed = new ArrayList<>();
        for (Row row : rows) {
            changed.add(ids.contains(row.getLong(0))
                    ? RowFactory.create(row.get(0), row.get(1), row.get(2), row.get(3), null, row.get(5))
                    : row);
        }
        return changed;
    }
}
