package io.tango.plugin.local;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobPredictor;
import io.tango.api.spi.JobPredictorFactory;
import io.tango.plugin.local.job.LocalJobPredictor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Creates {@link LocalJobPredictor}s: type {@code LOCAL}. */
public final class LocalJobPredictorFactory implements JobPredictorFactory {
    static final ConfigOption THREADS = ConfigOption.of("threads", OptionType.INT).withDefault("4")
            .withDescription("Predictions that run at once");
    static final ConfigOption QUEUE_SIZE = ConfigOption.of("queue_size", OptionType.INT).withDefault("256")
            .withDescription("Predictions that may wait for a thread; more are refused with a capacity error");
    static final ConfigOption RESULT_RETENTION = ConfigOption.of("result_retention", OptionType.DURATION).withDefault("10m")
            .withDescription("How long a finished prediction stays retrievable by id");

    @Override
    public String type() {
        return "LOCAL";
    }

    @Override
    public String description() {
        return "Runs predictions in a bounded in-process pool with a bounded queue";
    }

    @Override
    public List<ConfigOption> options() {
        return List.of(THREADS, QUEUE_SIZE, RESULT_RETENTION);
    }

    @Override
    public JobPredictor create(TangoConfig config, String instanceName) {
        return new LocalJobPredictor(
                instanceName,
                LocalOptions.atLeast(config, THREADS.key(), 4, 1),
                LocalOptions.atLeast(config, QUEUE_SIZE.key(), 256, 1),
                LocalOptions.positive(config, RESULT_RETENTION.key(), Duration.ofMinutes(10)),
                Clock.systemUTC());
    }
}
