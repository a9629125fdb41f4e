package io.tango.api;

import java.util.Map;

/**
 * A model ready to predict, as hosts hold it: what {@code ModelManager.load} returns, whatever plugin runs it. Hosts
 * need no type parameters; the plugin-side contract, with its native request and response types, is
 * {@link TangoModel}, which every loaded model is.
 *
 * <p>Implementations must be safe to call from many threads at once. {@link #close()} releases native memory or
 * sessions; a closed model throws {@link IllegalStateException}.
 */
public interface LoadedModel extends TangoComponent {

    /** @return what this model is: its key, format, signature and metadata */
    ModelDescriptor descriptor();

    /**
     * Predicts.
     *
     * @param request the request
     * @param session the session it runs in ({@link WorkingSession#none()} when there is none)
     * @return the response
     * @throws InvalidRequestException if the request does not match the model, naming the input and what was expected
     * @throws RemoteServiceException if a remote model server failed
     * @throws OperationTimeoutException if the call did not finish in time
     */
    TangoResponse predict(TangoRequest request, WorkingSession session);

    /**
     * Same as {@link #predict(TangoRequest, WorkingSession)} in no session.
     *
     * @param request the request
     * @return the response
     */
    default TangoResponse predict(TangoRequest request) {
        return predict(request, WorkingSession.none());
    }

    /**
     * Returns this model's explainer: a model whose predictions, for the same inputs, are explanations (e.g.
     * per-feature attributions), as on MLflow. Models that can explain implement {@link ExplainableTangoModel}.
     *
     * @param options explainer options (e.g. a baseline, a number of samples); unknown keys are rejected
     * @return the explainer, closed with this model
     * @throws UnsupportedTangoOperationException if this model has no explainer (the default), saying why
     * @throws InvalidRequestException if an option is unknown or invalid
     */
    default LoadedModel explainer(Map<String, String> options) {
        throw new UnsupportedTangoOperationException("model " + descriptor().key() + " (" + descriptor().format()
                + ") has no explainer: its plugin does not explain its predictions");
    }
}
