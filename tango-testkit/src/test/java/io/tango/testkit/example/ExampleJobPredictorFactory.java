package io.tango.testkit.example;

import io.tango.api.LoadedModel;
import io.tango.api.JobNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.api.spi.JobPredictorFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs predictions on one background thread and keeps their futures by id. */
public final class ExampleJobPredictorFactory implements JobPredictorFactory {
    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "Runs predictions on a background thread";
    }

    @Override
    public JobPredictor create(TangoConfig config, String instanceName) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Map<String, Prediction> predictions = new ConcurrentHashMap<>();
        return new JobPredictor() {
            @Override
            public PredictionFuture submit(LoadedModel model, TangoRequest request, WorkingSession session, Optional<String> externalId) {
                Prediction prediction = new Prediction(externalId.map(id -> JobIds.of(instanceName, id)).orElseGet(() -> JobIds.newId(instanceName)));
                predictions.put(prediction.id(), prediction);
                prediction.attach(pool.submit(() -> {
                    if (prediction.start()) {
                        try {
                            prediction.complete(model.predict(request, session));
                        } catch (RuntimeException e) {
                            prediction.fail(e);
                        }
                    }
                }));
                return prediction;
            }

            @Override
            public PredictionFuture getPredictionFuture(String predictionId) {
                Prediction prediction = predictions.get(predictionId);
                if (prediction == null) {
                    throw new JobNotFoundException("no prediction '" + predictionId + "'");
                }
                return prediction;
            }

            @Override
            public void close() {
                pool.shutdownNow();
            }
        };
    }

    private static final class Prediction extends ExampleJob<TangoResponse> implements PredictionFuture {
        Prediction(String id) {
            super(id);
        }
    }
}
