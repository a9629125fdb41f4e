package io.tango.plugin.deepaas;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.toolkit.job.LaneJobPredictor;

import java.util.Optional;

/**
 * Runs predictions as background jobs with bounded concurrency per server: the toolkit's {@link LaneJobPredictor}
 * under DEEPaaS's name (see there for lanes, queues, ids, retention and the MDC). Thread-safe; {@link #close()}
 * cancels what is queued or running and stops the lanes' threads.
 */
public final class DeepaasJobPredictor implements JobPredictor {
    /** The slf4j MDC key holding the running prediction's id on its lane's thread (plugin-local's key too). */
    public static final String MDC_KEY = LaneJobPredictor.MDC_KEY;

    private final LaneJobPredictor lanes;

    /**
     * @param instanceName the instance's name in config; job ids start with it
     * @param maxConcurrency predictions running at once per server, at least 1
     * @param queueSize predictions waiting per server, at least 0
     * @param retained finished predictions kept for lookup, at least 0
     */
    public DeepaasJobPredictor(String instanceName, int maxConcurrency, int queueSize, int retained) {
        this.lanes = new LaneJobPredictor(instanceName, "tango-deepaas-predict-", maxConcurrency, queueSize, retained);
    }

    @Override
    public PredictionFuture submit(
            LoadedModel model, TangoRequest request, WorkingSession session, Optional<String> externalId) {
        return lanes.submit(model, request, session, externalId);
    }

    @Override
    public PredictionFuture getPredictionFuture(String predictionId) {
        return lanes.getPredictionFuture(predictionId);
    }

    @Override
    public void close() {
        lanes.close();
    }

    @Override
    public String toString() {
        return "Deepaas" + lanes;
    }
}
