package io.tango.spark;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.job.TrainingRequest;
import io.tango.runtime.TangoRuntime;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ONNX model for the tests: Iris, trained by plugin-local's Tribuo engine through the runtime's LOCAL trainer
 * into a model store in a temporary folder, with plugin-local loaded from an assembled plugin directory (never from
 * the class path). Also the iris rows as a dataset and the model's in-process predictions to compare with.
 */
public final class IrisModel {
    /** The model's key in the store. */
    public static final String KEY = "iris";
    /** The model's inputs, in its signature's order. */
    public static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    private final Path plugins;
    private final Path store;

    private IrisModel(Path plugins, Path store) {
        this.plugins = plugins;
        this.store = store;
    }

    /**
     * @param folder a temporary folder; gets {@code plugins/local} and {@code store}
     * @return the trained model
     */
    public static IrisModel train(Path folder) {
        Path plugins = folder.resolve("plugins");
        PluginFolders.assemble("plugin-local", plugins.resolve("local"));
        Path store = folder.resolve("store");
        IrisModel model = new IrisModel(plugins, store);
        String config = model.config() + """
                  trainers:
                    default: {type: LOCAL, config: {root: "%s", threads: 1}}
                """.formatted(store.toString().replace("\\", "/"));
        try (TangoRuntime runtime = model.runtime(config)) {
            runtime.modelManager().train(TrainingRequest.of(KEY, Map.of("data", csv().toString(), "target", "species",
                    "epochs", 30))).result(Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training iris", e);
        }
        return model;
    }

    /** @return the plugin directory (plugin-local in {@code local}) */
    public Path pluginDirectory() {
        return plugins;
    }

    /** @return the configuration that finds and loads the model: a LOCAL finder over the store, a LOCAL initializer */
    public String config() {
        return """
                model_management:
                  finders:
                    default: {type: LOCAL, config: {root: "%1$s"}}
                  initializers:
                    default: {type: LOCAL}
                """.formatted(store.toString().replace("\\", "/"));
    }

    /** @return a spec builder for this model, with its config and plugin directory */
    public ScoringSpec.Builder spec() {
        return ScoringSpec.builder().configYaml(config()).modelKey(KEY).pluginDirectory(plugins.toString());
    }

    private TangoRuntime runtime(String config) {
        return TangoRuntime.builder().scanClassPath(false).pluginDirectory(plugins).configYaml(config)
                .environment(Map.of()).build();
    }

    /** @return the iris CSV in the test resources */
    public static Path csv() {
        try {
            return Path.of(IrisModel.class.getResource("/datasets/iris.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the 150 rows: id (0…149), the four features, species */
    public static List<Row> rows() {
        try {
            List<String> lines = Files.readAllLines(csv());
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                rows.add(RowFactory.create((long) (i - 1), Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                        Double.parseDouble(cells[2]), Double.parseDouble(cells[3]), cells[4]));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the schema of {@link #rows()} */
    public static StructType schema() {
        StructType schema = new StructType().add("id", DataTypes.LongType, false);
        for (String feature : FEATURES) {
            schema = schema.add(feature, DataTypes.DoubleType, true);
        }
        return schema.add("species", DataTypes.StringType, false);
    }

    /**
     * @param spark the session
     * @param rows the rows, of {@link #schema()}
     * @param schema their schema
     * @param partitions how many partitions, in order
     * @return the dataset
     */
    public static Dataset<Row> dataset(SparkSession spark, List<Row> rows, StructType schema, int partitions) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(rows, partitions), schema);
    }

    /**
     * @param rows rows of {@link #schema()}
     * @return the model's predictions in this JVM, in one request: for each row its label and probabilities
     */
    public List<Prediction> predictInProcess(List<Row> rows) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES.size(); f++) {
            List<Double> column = new ArrayList<>();
            for (Row row : rows) {
                column.add(row.getDouble(f + 1));
            }
            columns.put(FEATURES.get(f), column);
        }
        try (TangoRuntime runtime = runtime(config())) {
            LoadedModel model = runtime.modelManager().load(KEY);
            TangoResponse response = model.predict(TangoRequest.of(columns));
            List<String> labels = ((Tensor) response.output("label").orElseThrow()).strings();
            float[] probabilities = ((Tensor) response.output("probabilities").orElseThrow()).toFloatArray();
            int classes = probabilities.length / rows.size();
            List<Prediction> predictions = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<Float> row = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    row.add(probabilities[r * classes + c]);
                }
                predictions.add(new Prediction(labels.get(r), row));
            }
            return predictions;
        }
    }

    /**
     * One row's prediction.
     *
     * @param label the predicted species
     * @param probabilities the probability of each species
     */
    public record Prediction(String label, List<Float> probabilities) {}
}
