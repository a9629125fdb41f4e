package io.tango.bench.spark;

import io.tango.bench.BenchConfig;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.spark.ScoringSpec;
import io.tango.spark.TangoScorer;
import io.tango.spark.TangoSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The Spark phase's Java side: scores the same cached table of {@link TinyOnnxModel}'s four float features in one
 * {@code local[2]} session with each {@link Side}, and times the scoring action only.
 *
 * <p>The table is {@code spark.range(rows)} turned into one column {@value #INPUT_COLUMN}, an array of the four
 * features built by {@link #FEATURES}, as the model's input {@code x} {@code [batch, 4]} takes them (TANGO binds one
 * model input to one column of the same name). It is cached in memory and counted before any timing, so no run pays
 * for generating it. The Python side, {@code bench/spark_udf.py}, builds the same four values with the same SQL
 * expressions as four float columns, the column-based signature MLflow's model has. The action is a write to Spark's
 * {@code noop} sink, which evaluates every row and column of the scored table and stores nothing.
 *
 * <p>Before a side is timed, its first {@value #CHECKED_ROWS} rows are scored and compared with
 * {@link TinyOnnxModel#predict(float[])}; a wrong answer fails the run. Then one warm-up action per side, then the
 * timed actions, the sides taking turns so that a change of the machine's load touches them alike.
 */
public final class SparkScoringBench {
    /** The SQL expressions of the four features over {@code spark.range}'s {@code id}, in model order. */
    public static final List<String> FEATURES = List.of(
            "CAST(4.0 + (id % 37) / 10.0 AS FLOAT)",
            "CAST(2.0 + (id % 23) / 10.0 AS FLOAT)",
            "CAST(1.0 + (id % 59) / 10.0 AS FLOAT)",
            "CAST((id % 25) / 10.0 AS FLOAT)");
    /** The input column: {@code array<float>} of the four features, named after the model's input. */
    public static final String INPUT_COLUMN = TinyOnnxModel.INPUT;
    /** Partitions of the input table: two per core of {@code local[2]}. */
    public static final int PARTITIONS = 4;
    /** How many rows of each side's output are checked against the Java formula. */
    public static final int CHECKED_ROWS = 8;
    private static final float TOLERANCE = 1e-4f;

    private SparkScoringBench() {}

    /**
     * One way of scoring the table.
     *
     * @param name the side's name in the results, e.g. {@code tango}
     * @param score builds the scored table from the input (lazily: the action runs it)
     * @param predictionColumn the output column holding {@code y}: a float, a one-element array, or a struct whose
     *        first field is one of those
     */
    public record Side(String name, UnaryOperator<Dataset<Row>> score, String predictionColumn) {
        public Side {
            requireNonNull(name, "name is null");
            requireNonNull(score, "score is null");
            requireNonNull(predictionColumn, "predictionColumn is null");
        }
    }

    /**
     * What one side measured.
     *
     * @param seconds the wall time of each timed action; empty if the side failed
     * @param samples the checked rows: four features and the prediction; empty if the side failed
     * @param error why the side failed (its check or its scoring), or empty
     */
    public record Result(List<Double> seconds, List<List<Float>> samples, Optional<String> error) {
        public Result {
            seconds = List.copyOf(requireNonNull(seconds, "seconds is null"));
            samples = List.copyOf(requireNonNull(samples, "samples is null"));
            requireNonNull(error, "error is null");
        }
    }

    /**
     * @param work a folder for Spark's scratch files
     * @return a {@code local[2]} session on 127.0.0.1, no UI, 2 shuffle partitions
     */
    public static SparkSession localSession(Path work) {
        requireNonNull(work, "work is null");
        return SparkSession.builder()
                .appName("tango-bench-spark")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.local.dir", work.toAbsolutePath().toString())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    /**
     * @param spark the session
     * @param rows how many rows
     * @return the feature table, cached and counted
     */
    public static Dataset<Row> features(SparkSession spark, long rows) {
        requireNonNull(spark, "spark is null");
        Dataset<Row> table = spark.range(0, rows, 1, PARTITIONS)
                .selectExpr("array(" + String.join(", ", FEATURES) + ") AS " + INPUT_COLUMN)
                .persist(StorageLevel.MEMORY_ONLY());
        long counted = table.count();
        if (counted != rows) {
            throw new IllegalStateException("the feature table has " + counted + " rows, expected " + rows);
        }
        return table;
    }

    /**
     * TANGO's scorer: plugin-local loaded from the plugin directory (its own class loader, as on a cluster), the model
     * file as a LOCAL finder's key, the default output layout (one struct column {@code prediction}).
     *
     * @param spark the session
     * @param store the LOCAL finder's store folder
     * @param modelFile the {@code .onnx} file
     * @param plugins the plugin directory holding plugin-local's folder
     * @param batchSize rows per {@code TangoRequest}
     * @return the scorer
     */
    public static TangoScorer tangoScorer(SparkSession spark, Path store, Path modelFile, Path plugins, int batchSize) {
        ScoringSpec spec = ScoringSpec.builder()
                .configYaml(BenchConfig.local(store))
                .modelKey(modelFile.toAbsolutePath().toString())
                .pluginDirectory(plugins.toAbsolutePath().toString())
                .batchSize(batchSize)
                .build();
        return TangoSpark.scorer(spark, spec);
    }

    /**
     * @param scorer TANGO's scorer
     * @return the side {@code tango}: {@code scorer.score(input)}
     */
    public static Side tango(TangoScorer scorer) {
        requireNonNull(scorer, "scorer is null");
        return new Side("tango", scorer::score, DirectOnnxPartitions.STRUCT_OUTPUT);
    }

    /**
     * The limit: {@link DirectOnnxPartitions} through {@code mapPartitions} with {@code Encoders.row}, appending a
     * float.
     *
     * @param modelFile the {@code .onnx} file
     * @param batchSize rows per {@code OrtSession.run}
     * @return the side {@code onnxruntime}
     */
    public static Side direct(Path modelFile, int batchSize) {
        return direct("onnxruntime", modelFile, batchSize, DirectOnnxPartitions.Output.FLOAT, null);
    }

    /**
     * The limit appending TANGO's output type instead of a float.
     *
     * @param modelFile the {@code .onnx} file
     * @param batchSize rows per {@code OrtSession.run}
     * @param tangoOutput {@code TangoScorer.outputType()}
     * @return the side {@code onnxruntime-struct}
     */
    public static Side directWithTangoOutput(Path modelFile, int batchSize, StructType tangoOutput) {
        return direct("onnxruntime-struct", modelFile, batchSize, DirectOnnxPartitions.Output.TANGO_STRUCT,
                requireNonNull(tangoOutput, "tangoOutput is null"));
    }

    private static Side direct(String name, Path modelFile, int batchSize, DirectOnnxPartitions.Output output,
            StructType struct) {
        String file = modelFile.toAbsolutePath().toString();
        String column = output == DirectOnnxPartitions.Output.FLOAT
                ? DirectOnnxPartitions.OUTPUT : DirectOnnxPartitions.STRUCT_OUTPUT;
        return new Side(name, input -> input.mapPartitions(
                new DirectOnnxPartitions(file, input.schema().fieldIndex(INPUT_COLUMN), batchSize, output, struct),
                Encoders.row(DirectOnnxPartitions.outputSchema(input.schema(), output, struct))), column);
    }

    /**
     * Checks then times every side on the same table.
     *
     * @param input the feature table
     * @param sides the sides, in the order they take turns
     * @param warmups untimed actions per side after the check
     * @param runs timed actions per side
     * @return each side's result, by name, in the given order; a side whose check or scoring failed holds the reason
     *         (wrong answers, an exception) and no times
     */
    public static Map<String, Result> measure(Dataset<Row> input, List<Side> sides, int warmups, int runs) {
        requireNonNull(input, "input is null");
        requireNonNull(sides, "sides is null");
        Map<String, List<List<Float>>> samples = new LinkedHashMap<>();
        Map<String, Dataset<Row>> scored = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Side side : sides) {
            try {
                Dataset<Row> output = side.score().apply(input);
                samples.put(side.name(), check(side, output));
                scored.put(side.name(), output);
            } catch (Exception e) {
                // A side that fails is reported with its reason; the others are still measured. Spark throws its
                // checked SparkException from Scala code, undeclared: catch Exception.
                errors.put(side.name(), rootMessage(e));
            }
        }
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int i = 0; i < warmups + runs; i++) {
            for (Map.Entry<String, Dataset<Row>> side : List.copyOf(scored.entrySet())) {
                try {
                    double time = action(side.getValue());
                    if (i >= warmups) {
                        seconds.computeIfAbsent(side.getKey(), name -> new ArrayList<>()).add(time);
                    }
                } catch (Exception e) {
                    errors.put(side.getKey(), rootMessage(e));
                    scored.remove(side.getKey());
                    seconds.remove(side.getKey());
                }
            }
        }
        Map<String, Result> results = new LinkedHashMap<>();
        for (Side side : sides) {
            String error = errors.get(side.name());
            results.put(side.name(), error == null
                    ? new Result(seconds.getOrDefault(side.name(), List.of()), samples.get(side.name()), Optional.empty())
                    : new Result(List.of(), List.of(), Optional.of(error)));
        }
        return results;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getName() + ": " + root.getMessage();
        return root == failure ? text : failure.getClass().getSimpleName() + " caused by " + text;
    }

    /** @return the wall time, in seconds, of scoring every row into the {@code noop} sink */
    private static double action(Dataset<Row> scored) {
        long start = System.nanoTime();
        scored.write().format("noop").mode(SaveMode.Overwrite).save();
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<List<Float>> check(Side side, Dataset<Row> output) {
        List<List<Float>> samples = new ArrayList<>();
        int prediction = output.schema().fieldIndex(side.predictionColumn());
        int input = output.schema().fieldIndex(INPUT_COLUMN);
        for (Row row : output.limit(CHECKED_ROWS).collectAsList()) {
            List<Object> values = row.getList(input);
            float[] features = new float[values.size()];
            List<Float> sample = new ArrayList<>();
            for (int i = 0; i < features.length; i++) {
                features[i] = ((Number) values.get(i)).floatValue();
                sample.add(features[i]);
            }
            float actual = scalar(row.get(prediction));
            float expected = TinyOnnxModel.predict(features);
            if (Math.abs(actual - expected) > TOLERANCE) {
                throw new IllegalStateException(side.name() + " predicted " + actual + " for " + sample + ", expected "
                        + expected);
            }
            sample.add(actual);
            samples.add(sample);
        }
        if (samples.size() != CHECKED_ROWS) {
            throw new IllegalStateException(side.name() + " returned " + samples.size() + " rows, expected "
                    + CHECKED_ROWS);
        }
        return samples;
    }

    /** The one float of a prediction value: a number, a one-element array, or a struct whose first field is one. */
    private static float scalar(Object value) {
        if (value instanceof Number number) {
            return number.floatValue();
        }
        if (value instanceof Row struct) {
            return scalar(struct.get(0));
        }
        if (value instanceof scala.collection.Seq<?> seq && seq.size() == 1) {
            return scalar(seq.apply(0));
        }
        if (value instanceof List<?> list && list.size() == 1) {
            return scalar(list.get(0));
        }
        throw new IllegalStateException("not a single prediction: " + value);
    }
}
