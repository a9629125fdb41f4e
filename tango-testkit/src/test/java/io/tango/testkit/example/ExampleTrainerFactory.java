package io.tango.testkit.example;

import io.tango.api.InvalidRequestException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobIds;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.api.spi.ModelTrainerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * "Trains" a scale model: arguments {@code factor} (the result) and {@code steps} of {@code step_millis} each, so a
 * test can make a training as slow as it needs to cancel it. Cancel is cooperative: the worker checks between steps.
 */
public final class ExampleTrainerFactory implements ModelTrainerFactory {
    static final ConfigOption<Integer> THREADS = ConfigOption.integer("threads").withDefault(2).withRange(1, 64)
            .withDescription("Training threads");

    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "Trains the example plugin's scale models in the background";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(THREADS);
    }

    @Override
    public ModelTrainer create(TangoConfig config, String instanceName) {
        return new Trainer(instanceName, config.get(THREADS));
    }

    private static final class Trainer implements ModelTrainer {
        private final String instanceName;
        private final ExecutorService pool;
        private final Map<String, Future> jobs = new ConcurrentHashMap<>();

        Trainer(String instanceName, int threads) {
            this.instanceName = instanceName;
            this.pool = Executors.newFixedThreadPool(threads);
        }

        @Override
        public TrainingFuture train(TrainingRequest request) {
            Object factor = request.arguments().get("factor");
            if (!(factor instanceof Number)) {
                throw new InvalidRequestException("argument 'factor' is required: expected a number");
            }
            int steps = ((Number) request.arguments().getOrDefault("steps", 1)).intValue();
            long stepMillis = ((Number) request.arguments().getOrDefault("step_millis", 10)).longValue();
            Future job = new Future(JobIds.newId(instanceName), request.modelName());
            jobs.put(job.id(), job);
            job.attach(pool.submit(() -> {
                if (!job.start()) {
                    return;
                }
                try {
                    for (int step = 0; step < steps; step++) {
                        TimeUnit.MILLISECONDS.sleep(stepMillis);
                        job.progress((step + 1.0) / steps);
                    }
                    job.complete(ModelDescriptor.builder(ModelKey.of(request.modelName()), request.modelName(), ScaleModel.FORMAT)
                            .metadata("factor", factor.toString())
                            .build());
                } catch (InterruptedException e) {
                    // canceled: the future already says so
                } catch (RuntimeException e) {
                    job.fail(e);
                }
            }));
            return job;
        }

        @Override
        public TrainingFuture getTrainingFuture(String trainingId) {
            Future job = jobs.get(trainingId);
            if (job == null) {
                throw new JobNotFoundException("no training '" + trainingId + "' in trainer '" + instanceName + "'");
            }
            return job;
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private static final class Future extends ExampleJob<ModelDescriptor> implements TrainingFuture {
        Future(String id, String modelName) {
            super(id);
        }

        @Override
        public TangoModel<?, ?> load() throws InterruptedException {
            return new ScaleModel(result());
        }
    }
}
