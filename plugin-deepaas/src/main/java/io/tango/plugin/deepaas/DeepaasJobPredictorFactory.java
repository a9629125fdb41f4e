package io.tango.plugin.deepaas;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobPredictor;
import io.tango.api.spi.JobPredictorFactory;
import io.tango.toolkit.job.LaneJobPredictor;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.List;

/** Type {@code DEEPAAS} job predictors: predictions as jobs, bounded per server. Stateless. */
public final class DeepaasJobPredictorFactory extends DeclaredFactory<JobPredictor> implements JobPredictorFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    static final ConfigOption<Integer> MAX_CONCURRENCY = LaneJobPredictor.maxConcurrencyOption(
            "DEEPaaS runs a model's calls in --workers processes; more concurrent calls only wait there");
    static final ConfigOption<Integer> QUEUE_SIZE = LaneJobPredictor.QUEUE_SIZE;
    static final ConfigOption<Integer> RETAINED = LaneJobPredictor.RETAINED;

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasJobPredictorFactory() {
        super(TYPE,
                "Runs predictions as background jobs with bounded concurrency and a bounded queue per model server",
                List.of(MAX_CONCURRENCY, QUEUE_SIZE, RETAINED));
    }

    @Override
    protected JobPredictor build(TangoConfig config, String instanceName) {
        return new DeepaasJobPredictor(instanceName,
                config.get(MAX_CONCURRENCY),
                config.get(QUEUE_SIZE),
                config.get(RETAINED));
    }
}
