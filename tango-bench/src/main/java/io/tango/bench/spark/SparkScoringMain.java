package io.tango.bench.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.spark.TangoScorer;
import io.tango.spark.TangoSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java half of {@code bench/run.sh}'s Spark phase: writes {@link TinyOnnxModel}, starts one {@code local[2]}
 * session, builds the feature table and measures every Java side with {@link SparkScoringBench}; writes the results as
 * JSON ({@code rows}, {@code batch_size}, {@code partitions}, and per side {@code seconds} and checked
 * {@code samples}), which {@link io.tango.bench.report.BenchReport} turns into rows per second and ratios.
 */
public final class SparkScoringMain {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SparkScoringMain() {}

    /**
     * @param args the work folder, the plugin directory (holding plugin-local's folder), rows, warm-ups, timed runs,
     *        batch size, the JSON file to write
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: SparkScoringMain <work folder> <plugin directory> <rows> <warm-ups>"
                    + " <runs> <batch size> <results.json>");
        }
        Path work = Files.createDirectories(Path.of(args[0]));
        long rows = Long.parseLong(args[2]);
        int warmups = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        int batchSize = Integer.parseInt(args[5]);
        Path model = TinyOnnxModel.write(work.resolve("tiny.onnx"));
        Map<String, SparkScoringBench.Result> results;
        try (SparkSession spark = SparkScoringBench.localSession(work.resolve("spark-local"))) {
            Dataset<Row> input = SparkScoringBench.features(spark, rows);
            TangoScorer scorer = SparkScoringBench.tangoScorer(spark, work.resolve("store"), model, Path.of(args[1]),
                    batchSize);
            List<SparkScoringBench.Side> sides = List.of(
                    SparkScoringBench.tango(scorer),
                    SparkScoringBench.direct(model, batchSize),
                    SparkScoringBench.directWithTangoOutput(model, batchSize, scorer.outputType()));
            results = SparkScoringBench.measure(input, sides, warmups, runs);
        } finally {
            DirectOnnxPartitions.closeSessions();
            TangoSpark.closeExecutorRuntimes();
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rows", rows);
        root.put("batch_size", batchSize);
        root.put("partitions", SparkScoringBench.PARTITIONS);
        root.put("master", "local[2]");
        Map<String, Object> sides = new LinkedHashMap<>();
        results.forEach((name, result) -> {
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("seconds", result.seconds());
            side.put("samples", result.samples());
            result.error().ifPresent(error -> side.put("error", error));
            sides.put(name, side);
        });
        root.put("sides", sides);
        Files.writeString(Path.of(args[6]), JSON.writeValueAsString(root) + "\n");
    }
}
