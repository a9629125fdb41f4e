package io.tango.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.bench.model.TinyOnnxModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One side of the Spark phase, read from the JSON the Java driver ({@code SparkScoringMain}) or the Python script
 * ({@code bench/spark_udf.py}) wrote: how many rows each timed action scored, the wall times, and the first rows'
 * features and predictions. Its rate counts only once its answers are checked against
 * {@link TinyOnnxModel#predict(float[])}.
 *
 * @param rows rows scored by each timed action
 * @param batchSize rows per batch (TANGO's batch size, the mapPartitions batches, Arrow's maxRecordsPerBatch)
 * @param seconds the wall time of each timed action
 * @param samples the checked rows: four features, then the prediction
 * @param error why the side failed, or empty
 */
public record SparkRun(long rows, int batchSize, List<Double> seconds, List<List<Double>> samples, Optional<String> error) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-4;

    public SparkRun {
        seconds = List.copyOf(requireNonNull(seconds, "seconds is null"));
        samples = List.copyOf(requireNonNull(samples, "samples is null"));
        requireNonNull(error, "error is null");
    }

    /**
     * @param file the side's JSON file
     * @param side the side's name in it ({@code tango}, {@code onnxruntime}, {@code mlflow})
     * @return the side, or empty if the file does not exist or holds no such side
     */
    public static Optional<SparkRun> read(Path file, String side) {
        requireNonNull(file, "file is null");
        requireNonNull(side, "side is null");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode node = root.path("sides").path(side);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        List<Double> seconds = new ArrayList<>();
        node.get("seconds").forEach(value -> seconds.add(value.asDouble()));
        List<List<Double>> samples = new ArrayList<>();
        node.get("samples").forEach(row -> {
            List<Double> values = new ArrayList<>();
            row.forEach(value -> values.add(value.asDouble()));
            samples.add(values);
        });
        Optional<String> error = node.hasNonNull("error") ? Optional.of(node.get("error").asText()) : Optional.empty();
        return Optional.of(new SparkRun(root.get("rows").asLong(), root.get("batch_size").asInt(), seconds, samples, error));
    }

    /**
     * @return why the side's answers are not the model's (the side failed, no rows checked, a row of the wrong width,
     *         a prediction off by more than 1e-4), or empty when every checked row is right
     */
    public Optional<String> wrongAnswer() {
        if (error.isPresent()) {
            return error;
        }
        if (samples.isEmpty()) {
            return Optional.of("no rows were checked");
        }
        int width = TinyOnnxModel.COLUMNS.size();
        for (List<Double> sample : samples) {
            if (sample.size() != width + 1) {
                return Optional.of("a checked row has " + sample.size() + " values, expected " + (width + 1));
            }
            float[] features = new float[width];
            for (int i = 0; i < width; i++) {
                features[i] = sample.get(i).floatValue();
            }
            double expected = TinyOnnxModel.predict(features);
            if (Math.abs(sample.get(width) - expected) > TOLERANCE) {
                return Optional.of("predicted " + sample.get(width) + " for " + sample.subList(0, width) + ", expected "
                        + expected);
            }
        }
        return Optional.empty();
    }

    /** @return the rows per second of each timed action, or empty if none was timed */
    public Optional<Sample> rowsPerSecond() {
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sample("rows/s", seconds.stream().map(time -> rows / time).toList()));
    }
}
