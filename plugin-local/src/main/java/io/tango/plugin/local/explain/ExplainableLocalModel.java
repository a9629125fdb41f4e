package io.tango.plugin.local.explain;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Every model plugin-local loads: the engine's model, with an {@link OcclusionExplainer} as its explainer. Delegates
 * the three steps unchanged; closing it closes the engine's model. Thread-safe when the engine's model is.
 *
 * @param <I> the engine's native request type
 * @param <O> the engine's native response type
 */
public final class ExplainableLocalModel<I, O> implements ExplainableTangoModel<I, O> {
    private final TangoModel<I, O> delegate;

    /** @param delegate the engine's model, owned (closed) by this one */
    public ExplainableLocalModel(TangoModel<I, O> delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    /**
     * @param model an engine's model
     * @return the model, explainable
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static ExplainableTangoModel<?, ?> of(TangoModel<?, ?> model) {
        if (model instanceof ExplainableTangoModel<?, ?> explainable) {
            return explainable;
        }
        return new ExplainableLocalModel(model);
    }

    /** @return the engine's model */
    public TangoModel<I, O> delegate() {
        return delegate;
    }

    @Override
    public ModelDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public I mapRequest(TangoRequest request, WorkingSession session) {
        return delegate.mapRequest(request, session);
    }

    @Override
    public O invoke(I nativeRequest) {
        return delegate.invoke(nativeRequest);
    }

    @Override
    public TangoResponse mapResponse(O nativeResponse) {
        return delegate.mapResponse(nativeResponse);
    }

    @Override
    public TangoResponse predict(TangoRequest request, WorkingSession session) {
        return delegate.predict(request, session);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns an {@link OcclusionExplainer}; its options are documented there.
     */
    @Override
    public TangoModel<?, ?> explainer(Map<String, String> options) {
        return new OcclusionExplainer(this, options);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
