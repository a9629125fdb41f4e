package io.tango.bench;

import java.nio.file.Path;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The runtime configurations the benchmarks run TANGO with, in caikit's schema: every LOCAL component over one store
 * folder, with plugin-local's defaults unless a benchmark says otherwise.
 */
public final class BenchConfig {
    private BenchConfig() {}

    /**
     * @param root the local store folder
     * @return finders, initializers and job predictors {@code default: LOCAL} over {@code root}
     */
    public static String local(Path root) {
        return local(root, "{}");
    }

    /** {@link #local(Path)} with the given flow-style config map for the default job predictor. */
    private static String local(Path root, String jobPredictorConfig) {
        requireNonNull(root, "root is null");
        return """
                model_management:
                  finders:
                    default: {type: LOCAL, config: {root: %1$s}}
                  initializers:
                    default: {type: LOCAL}
                  job_predictors:
                    default: {type: LOCAL, config: %2$s}
                """.formatted(quoted(root), jobPredictorConfig);
    }

    /**
     * The job predictor the throughput benchmark runs: plugin-local's defaults (4 threads, a queue of 256), except that
     * finished predictions are kept for 5 s instead of 10 min, so a benchmark that finishes hundreds of thousands of
     * jobs a second does not hold millions of results.
     *
     * @return the configuration
     */
    public static String jobPredictor() {
        return """
                model_management:
                  job_predictors:
                    default: {type: LOCAL, config: {result_retention: 5s}}
                """;
    }

    /**
     * {@link #local(Path)} with the default LOCAL job predictor's dynamic batching set, and finished predictions kept
     * for 5 s (as {@link #jobPredictor()}).
     *
     * @param root the local store folder
     * @param maxBatchSize most rows per model call; 1 for no batching
     * @return the configuration ({@code max_batch_delay} 0: jobs already queued are joined, none waits)
     */
    public static String batchingJobPredictor(Path root, int maxBatchSize) {
        return local(root, "{result_retention: 5s, max_batch_size: " + maxBatchSize + ", max_batch_delay: 0}");
    }

    /**
     * @param root the local store folder deployments are recorded in
     * @return deployment target {@code local} over {@code root}
     */
    public static String deployments(Path root) {
        return deployments(root, Map.of());
    }

    /**
     * @param root the local store folder deployments are recorded in
     * @param options more options of the {@code local} deployment client, e.g. {@code predict_on: event_loop}
     * @return deployment target {@code local} over {@code root} with those options
     */
    public static String deployments(Path root, Map<String, String> options) {
        requireNonNull(root, "root is null");
        requireNonNull(options, "options is null");
        StringBuilder config = new StringBuilder("root: ").append(quoted(root));
        options.forEach((key, value) -> config.append(", ").append(key).append(": '").append(value.replace("'", "''"))
                .append('\''));
        return """
                model_management:
                  deployment_targets:
                    local: {type: local, config: {%1$s}}
                """.formatted(config);
    }

    private static String quoted(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
