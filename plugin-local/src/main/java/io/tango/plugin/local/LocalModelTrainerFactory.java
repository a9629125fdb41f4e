package io.tango.plugin.local;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.ModelTrainer;
import io.tango.api.spi.ModelTrainerFactory;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.spi.DeclaredFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Creates {@link LocalModelTrainer}s: type {@code LOCAL}. */
public final class LocalModelTrainerFactory extends DeclaredFactory<ModelTrainer> implements ModelTrainerFactory {
    static final ConfigOption<Integer> THREADS = ConfigOption.integer("threads").withDefault(1).withMinimum(1)
            .withDescription("Trainings that run at once");
    static final ConfigOption<Integer> QUEUE_SIZE = ConfigOption.integer("queue_size").withDefault(16).withMinimum(1)
            .withDescription("Trainings that may wait for a thread; more are refused");
    static final ConfigOption<Duration> RETENTION = ConfigOption.duration("retention_duration")
            .withDefault(Duration.ofDays(7)).withMinimum(Duration.ofMillis(1))
            .withDescription("How long records of finished trainings are kept (the models they produced are never removed)");

    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalModelTrainerFactory() {
        super("LOCAL",
                "Trains models in Java (Tribuo, or an engine added to the plugin) into the local store, with job records on disk",
                List.of(LocalOptions.ROOT, THREADS, QUEUE_SIZE, RETENTION, LocalOptions.INTRA_OP_THREADS, LocalOptions.INTER_OP_THREADS));
    }

    @Override
    protected ModelTrainer build(TangoConfig config, String instanceName) {
        int threads = config.get(THREADS);
        int queueSize = config.get(QUEUE_SIZE);
        Duration retention = config.get(RETENTION);
        LocalModelStore store = new LocalModelStore(LocalOptions.root(config));
        LocalModelLoader loader = new LocalModelLoader(ModelEngines.discover(), LocalOptions.engineSettings(config));
        return new LocalModelTrainer(instanceName, store, loader, threads, queueSize, retention, Clock.systemUTC());
    }
}
