package io.tango.api;

import java.util.Map;

/**
 * A model that can explain its predictions (seed: {@code ExplainableTangoModel}).
 *
 * <p>As on MLflow, an explainer is itself a model that answers {@code predict}: given the same inputs as this model,
 * it returns explanations (e.g. per-feature attributions) instead of predictions.
 *
 * @param <I> the native request type
 * @param <O> the native response type
 */
public interface ExplainableTangoModel<I, O> extends TangoModel<I, O> {

    /**
     * @param options explainer options (e.g. a baseline, a number of samples); unknown keys are rejected
     * @return the explainer, a model whose predictions are explanations; closed with this model
     * @throws UnsupportedTangoOperationException if this model has no explainer, saying why
     * @throws InvalidRequestException if an option is unknown or invalid
     */
    @Override
    TangoModel<?, ?> explainer(Map<String, String> options);
}
