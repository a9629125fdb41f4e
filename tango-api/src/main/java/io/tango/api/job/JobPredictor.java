package io.tango.api.job;

import io.tango.api.LoadedModel;
import io.tango.api.TangoComponent;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.Optional;

/**
 * Runs predictions as background jobs (caikit's {@code JobPredictorBase}), with a synchronous convenience.
 *
 * <p>Job ids start with this instance's name (see {@link JobIds}). Thread-safe.
 */
public interface JobPredictor extends TangoComponent {

    /**
     * Starts a prediction and returns at once.
     *
     * @param model the model to run
     * @param request the request
     * @param session the session it runs in
     * @param externalId an id chosen by the caller (an inference id) instead of a random one
     * @return the prediction's future
     * @throws io.tango.api.CapacityExceededException if the predictor's queue is full: nothing was started
     */
    PredictionFuture submit(
            LoadedModel model, TangoRequest request, WorkingSession session, Optional<String> externalId);

    /**
     * @param model the model to run
     * @param request the request
     * @return the prediction's future
     * @throws io.tango.api.CapacityExceededException if the predictor's queue is full
     */
    default PredictionFuture submit(LoadedModel model, TangoRequest request) {
        return submit(model, request, WorkingSession.none(), Optional.empty());
    }

    /**
     * Looks up a prediction by id.
     *
     * @param predictionId the id
     * @return its future
     * @throws io.tango.api.JobNotFoundException if no prediction has that id (or its result was purged)
     */
    PredictionFuture getPredictionFuture(String predictionId);

    /**
     * Predicts on the calling thread, with no job record: the synchronous path, which adds no thread hop.
     *
     * @param model the model to run
     * @param request the request
     * @param session the session it runs in
     * @return the response
     */
    default TangoResponse predict(LoadedModel model, TangoRequest request, WorkingSession session) {
        return model.predict(request, session);
    }
}
