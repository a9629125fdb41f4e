package io.tango.plugin.deepaas;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobPredictor;
import io.tango.api.spi.JobPredictorFactory;

import java.util.List;

/** Type {@code DEEPAAS} job predictors: predictions as jobs, bounded per server. Stateless. */
public final class DeepaasJobPredictorFactory implements JobPredictorFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    static final String MAX_CONCURRENCY = "max_concurrency_per_server";
    static final String QUEUE_SIZE = "queue_size_per_server";
    static final String RETAINED = "retained_predictions";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Runs predictions as background jobs with bounded concurrency and a bounded queue per model server";
    }

    @Override
    public List<ConfigOption> options() {
        return List.of(
                ConfigOption.of(MAX_CONCURRENCY, OptionType.INT).withDefault("4")
                        .withDescription("Predictions running at once against one server (DEEPaaS runs a model's"
                                + " calls in --workers processes; more concurrent calls only wait there)"),
                ConfigOption.of(QUEUE_SIZE, OptionType.INT).withDefault("64")
                        .withDescription("Predictions waiting per server; a prediction that finds the queue full is"
                                + " refused with CapacityExceededException"),
                ConfigOption.of(RETAINED, OptionType.INT).withDefault("1000")
                        .withDescription("Finished predictions kept for lookup by id; older ones are dropped"));
    }

    @Override
    public JobPredictor create(TangoConfig config, String instanceName) {
        return new DeepaasJobPredictor(instanceName,
                DeepaasOptions.atLeast(config, MAX_CONCURRENCY, 1, 4),
                DeepaasOptions.atLeast(config, QUEUE_SIZE, 0, 64),
                DeepaasOptions.atLeast(config, RETAINED, 0, 1000));
    }
}
