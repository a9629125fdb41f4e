package io.tango.spark;

import io.tango.api.InvalidRequestException;
import org.apache.spark.SparkException;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With a model compiled by the test ({@link PickyPlugin}): MLflow's casts (a double column into a FLOAT32 input, an
 * array of ints into an INT64 tensor input of shape [-1, 2], a plain column into a [-1, 1] input), a row the model rejects failing the job with the
 * model's message and the row's position, or explained in the error column while the rest of its batch is scored.
 */
class TangoSparkCastsIT {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("x", DataTypes.DoubleType, true)
            .add("v", DataTypes.createArrayType(DataTypes.IntegerType, true), true)
            .add("w", DataTypes.DoubleType, true);

    @TempDir
    static Path folder;

    private static SparkSession spark;
    private static Path plugins;

    @BeforeAll
    static void start() {
        plugins = PickyPlugin.build(folder.resolve("plugins"));
        spark = LocalSpark.start(folder);
    }

    @AfterAll
    static void stop() {
        LocalSpark.stop(spark);
    }

    @Test
    void castsDoublesToFloatStacksArraysIntoATensorAndFeedsAColumnInput() {
        List<Row> rows = rows(20, -1);

        List<Row> scored = scorer(ErrorMode.FAIL, 3).score(dataset(rows, 2)).collectAsList();

        for (Row row : scored) {
            int id = row.getInt(0);
            assertThat(row.getStruct(4).getDouble(0)).as("row %d", id).isEqualTo(expectedY(id));
        }
        assertThat(scored).hasSize(20);
    }

    @Test
    void aColumnOutputOfShapeMinusOneByOneIsAPlainColumn() {
        assertThat(scorer(ErrorMode.FAIL, 4).outputType()).isEqualTo(new StructType().add("y", DataTypes.DoubleType, true));
    }

    @Test
    void aSignatureOnlyTheLoadedModelHasIsReadOnTheDriver() {
        ScoringSpec spec = ScoringSpec.builder().configYaml(PickyPlugin.CONFIG).modelKey(PickyPlugin.UNSIGNED_KEY)
                .pluginDirectory(plugins.toString()).build();

        TangoScorer scorer = TangoSpark.scorer(spark, spec);

        assertThat(scorer.outputType()).isEqualTo(new StructType().add("y", DataTypes.DoubleType, true));
        assertThat(scorer.score(dataset(rows(3, -1), 1)).collectAsList())
                .extracting(row -> row.getStruct(4).getDouble(0))
                .containsExactly(expectedY(0), expectedY(1), expectedY(2));
    }

    @Test
    void aRowTheModelRejectsFailsTheJobWithTheModelsMessageAndTheRowsPosition() {
        Dataset<Row> input = dataset(rows(20, 13), 2);

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL, 4).score(input).collectAsList())
                .isInstanceOf(SparkException.class)
                .cause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("model 'picky' rejected row 3 of partition 1: x must be >= 0, got -1.3");
    }

    @Test
    void theErrorColumnModeScoresTheRestOfTheRejectedRowsBatch() {
        List<Row> scored = scorer(ErrorMode.NULL_WITH_ERROR_COLUMN, 4).score(dataset(rows(20, 13), 2)).collectAsList();

        for (Row row : scored) {
            int id = row.getInt(0);
            if (id == 13) {
                assertThat(row.isNullAt(4)).isTrue();
                assertThat(row.getString(5)).isEqualTo("model 'picky' rejected row 3 of partition 1: x must be >= 0, got -1.3");
            } else {
                assertThat(row.getStruct(4).getDouble(0)).as("row %d", id).isEqualTo(expectedY(id));
                assertThat(row.isNullAt(5)).isTrue();
            }
        }
        assertThat(scored).hasSize(20);
    }

    @Test
    void anArrayOfTheWrongLengthNamesTheColumnTheRowAndTheShape() {
        List<Row> rows = rows(4, -1);
        rows.set(2, RowFactory.create(2, 0.2, seq(1, 2, 3), 0.5));

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL, 4).score(dataset(rows, 1)).collectAsList())
                .isInstanceOf(SparkException.class)
                .cause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'v' has 3 elements in row 2 of partition 0; model 'picky' input 'v' expects 2 (shape [2] per row)");
    }

    @Test
    void aNullArrayElementIsANullInput() {
        List<Row> rows = rows(4, -1);
        rows.set(1, RowFactory.create(1, 0.1, seq(1, null), 0.5));

        assertThatThrownBy(() -> scorer(ErrorMode.FAIL, 4).score(dataset(rows, 1)).collectAsList())
                .isInstanceOf(SparkException.class)
                .cause()
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("column 'v' has a null element in row 1 of partition 0; model 'picky' needs a value: drop or fill"
                        + " nulls first (Dataset.na()), or score with ErrorMode.NULL_WITH_ERROR_COLUMN");
    }

    private static TangoScorer scorer(ErrorMode mode, int batchSize) {
        return TangoSpark.scorer(spark, ScoringSpec.builder()
                .configYaml(PickyPlugin.CONFIG)
                .modelKey(PickyPlugin.KEY)
                .pluginDirectory(plugins.toString())
                .batchSize(batchSize)
                .errorMode(mode)
                .build());
    }

    /** @return what the model answers for row {@code id}: it adds in float, x having been cast to float */
    private static double expectedY(int id) {
        float x = (float) (id / 10.0);
        return x + id + 2 * id + 0.5;
    }

    /** @return rows id, x = id / 10 (negative for {@code negative}), v = [id, 2 id], w = 0.5 */
    private static List<Row> rows(int count, int negative) {
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            rows.add(RowFactory.create(id, (id == negative ? -1 : 1) * id / 10.0, seq(id, 2 * id), 0.5));
        }
        return rows;
    }

    /** @return an array column's value as Spark's row encoder takes it: a Scala sequence */
    private static Object seq(Integer... values) {
        return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(values)).toSeq();
    }

    private static Dataset<Row> dataset(List<Row> rows, int partitions) {
        return IrisModel.dataset(spark, rows, SCHEMA, partitions);
    }
}
