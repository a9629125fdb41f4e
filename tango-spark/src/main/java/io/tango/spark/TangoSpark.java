package io.tango.spark;

import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelSignature;
import io.tango.runtime.TangoRuntime;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import static java.util.Objects.requireNonNull;

/**
 * The entry point: scores TANGO models over Spark datasets.
 *
 * <pre>{@code
 * TangoScorer scorer = TangoSpark.scorer(spark, ScoringSpec.builder()
 *         .configYaml(yaml).modelKey("models:/iris@champion").pluginArchive("tango-plugins").build());
 * Dataset<Row> scored = scorer.score(table);
 * }</pre>
 */
public final class TangoSpark {
    /** The name of the accumulator that counts model loads on executors. */
    public static final String MODEL_LOADS = "tango.model.loads";

    private TangoSpark() {}

    /**
     * Makes a scorer on the driver. It finds the model now, with a runtime of its own that it closes before it returns
     * (plugins from the spec's directory or archive, as on executors), and derives the output types from the model's
     * signature; when the finder's description has no signature it loads the model once to read it. So a model that
     * cannot be found fails here, once, with the finder's message, before any task runs.
     *
     * @param spark the session
     * @param spec what to score and how
     * @return the scorer
     * @throws ModelNotFoundException if the finder has no such model
     * @throws io.tango.api.InvalidRequestException if the signature has no inputs or outputs, or types no column can
     *     carry, or the spec's input columns do not match it
     * @throws io.tango.api.InvalidConfigException if the configuration is invalid
     */
    public static TangoScorer scorer(SparkSession spark, ScoringSpec spec) {
        requireNonNull(spark, "spark is null");
        requireNonNull(spec, "spec is null");
        ScoringPlan plan = ScoringPlan.of(spec, signature(spec));
        LongAccumulator loads = spark.sparkContext().longAccumulator(MODEL_LOADS);
        return new TangoScorer(spark, plan, loads);
    }

    private static ModelSignature signature(ScoringSpec spec) {
        try (TangoRuntime runtime = SharedRuntime.newRuntime(spec.configYaml(), PluginLocation.resolve(spec))) {
            ModelDescriptor descriptor = runtime.modelManager().find(ModelKey.of(spec.modelKey()), spec.finder());
            if (!descriptor.signature().isUnknown()) {
                return descriptor.signature();
            }
            try (LoadedModel model = runtime.modelManager().initialize(descriptor, spec.initializer())) {
                return model.descriptor().signature();
            }
        }
    }

    /**
     * Closes this JVM's executor runtimes and the models they loaded (the next task loads them again). For tests and
     * {@code local} mode; on a cluster {@link TangoSparkPlugin} or a shutdown hook does it when an executor stops.
     */
    public static void closeExecutorRuntimes() {
        ExecutorRuntimes.closeAll();
    }
}
