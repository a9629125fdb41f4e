package io.tango.plugin.local;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobPredictor;
import io.tango.api.spi.JobPredictorFactory;
import io.tango.plugin.local.batch.BatchingSettings;
import io.tango.plugin.local.job.LocalJobPredictor;
import io.tango.toolkit.spi.DeclaredFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Creates {@link LocalJobPredictor}s: type {@code LOCAL}. */
public final class LocalJobPredictorFactory extends DeclaredFactory<JobPredictor> implements JobPredictorFactory {
    static final ConfigOption<Integer> THREADS = ConfigOption.integer("threads").withDefault(4).withMinimum(1)
            .withDescription("Predictions that run at once");
    static final ConfigOption<Integer> QUEUE_SIZE = ConfigOption.integer("queue_size").withDefault(256).withMinimum(1)
            .withDescription("Predictions that may wait for a thread; more are refused with a capacity error");
    static final ConfigOption<Duration> RESULT_RETENTION = ConfigOption.duration("result_retention")
            .withDefault(Duration.ofMinutes(10)).withMinimum(Duration.ofMillis(1))
            .withDescription("How long a finished prediction stays retrievable by id");
    static final ConfigOption<Integer> MAX_BATCH_SIZE = ConfigOption.integer("max_batch_size").withDefault(1).withMinimum(1)
            .withDescription("Dynamic batching: the most rows of one model call joining predictions for the same model"
                    + " whose inputs agree on all but the first dimension; 1 turns batching off");
    static final ConfigOption<Integer> MAX_BATCH_DELAY = ConfigOption.integer("max_batch_delay").withDefault(0).withMinimum(0)
            .withDescription("Dynamic batching: the longest a prediction waits for others to join it, in microseconds;"
                    + " 0 joins only what is already waiting");

    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalJobPredictorFactory() {
        super("LOCAL",
                "Runs predictions in a bounded in-process pool with a bounded queue",
                List.of(THREADS, QUEUE_SIZE, RESULT_RETENTION, MAX_BATCH_SIZE, MAX_BATCH_DELAY));
    }

    @Override
    protected JobPredictor build(TangoConfig config, String instanceName) {
        return new LocalJobPredictor(
                instanceName,
                config.get(THREADS),
                config.get(QUEUE_SIZE),
                config.get(RESULT_RETENTION),
                new BatchingSettings(config.get(MAX_BATCH_SIZE), config.get(MAX_BATCH_DELAY), List.of()),
                Clock.systemUTC());
    }
}
