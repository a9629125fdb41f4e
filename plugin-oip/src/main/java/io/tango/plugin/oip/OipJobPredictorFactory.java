package io.tango.plugin.oip;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobPredictor;
import io.tango.api.spi.JobPredictorFactory;
import io.tango.toolkit.job.LaneJobPredictor;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/**
 * Type {@code OIP} job predictors: predictions as background jobs, bounded per server (the toolkit's
 * {@link LaneJobPredictor}: a lane of threads and a queue per model endpoint). Stateless.
 */
public final class OipJobPredictorFactory extends DeclaredFactory<JobPredictor> implements JobPredictorFactory {
    /** The type name. */
    public static final String TYPE = "OIP";

    static final ConfigOption<Integer> MAX_CONCURRENCY = LaneJobPredictor.maxConcurrencyOption(
            "OIP servers batch and queue requests themselves; more concurrent calls only wait there");

    /** The factory the runtime's ServiceLoader instantiates. */
    public OipJobPredictorFactory() {
        super(TYPE,
                "Runs predictions as background jobs with bounded concurrency and a bounded queue per OIP server",
                List.of(MAX_CONCURRENCY, LaneJobPredictor.QUEUE_SIZE, LaneJobPredictor.RETAINED));
    }

    @Override
    protected JobPredictor build(TangoConfig config, String instanceName) {
        return LaneJobPredictor.of(config, MAX_CONCURRENCY, instanceName, "tango-oip-predict-");
    }
}
