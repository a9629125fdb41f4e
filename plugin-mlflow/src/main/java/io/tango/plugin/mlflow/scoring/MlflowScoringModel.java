package io.tango.plugin.mlflow.scoring;

import io.tango.api.Blob;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.WorkingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A model that predicts remotely on an MLflow scoring server: requests become {@code /invocations} bodies (see
 * {@link ScoringPayloads}), answers become responses. HTTP 400 answers (MLflow's {@code BAD_REQUEST} for inputs that
 * do not fit the model) are {@link InvalidRequestException}s.
 *
 * <p>Its {@link #explainer} is the model's logged explainer, itself a scoring-server model whose predictions are
 * explanations; it is made on first use and closed with this model. A model without one says so with
 * {@link UnsupportedTangoOperationException}. Thread-safe; {@link #close()} also stops a server this model owns.
 */
public final class MlflowScoringModel implements ExplainableTangoModel<Blob, Blob> {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowScoringModel.class);

    private final ModelDescriptor descriptor;
    private final MlflowScoringServerProxy proxy;
    private final ScoringInputFormat inputFormat;
    private final Optional<Supplier<TangoModel<?, ?>>> explainerSource;
    private final String noExplainerReason;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private TangoModel<?, ?> explainer;
    private volatile boolean closed;

    /**
     * @param descriptor what the model is
     * @param proxy the scoring server
     * @param inputFormat the format of requests that do not choose one
     * @param explainerSource makes the explainer, when the model has one
     * @param noExplainerReason why there is no explainer, for the error when {@code explainerSource} is empty
     * @param owned resources this model closes with itself (e.g. the server process it started)
     */
    public MlflowScoringModel(
            ModelDescriptor descriptor,
            MlflowScoringServerProxy proxy,
            ScoringInputFormat inputFormat,
            Optional<Supplier<TangoModel<?, ?>>> explainerSource,
            String noExplainerReason,
            List<? extends AutoCloseable> owned) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.inputFormat = requireNonNull(inputFormat, "inputFormat is null");
        this.explainerSource = requireNonNull(explainerSource, "explainerSource is null");
        this.noExplainerReason = requireNonNull(noExplainerReason, "noExplainerReason is null");
        this.owned.addAll(requireNonNull(owned, "owned is null"));
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** @return the scoring server this model predicts on */
    public MlflowScoringServerProxy proxy() {
        return proxy;
    }

    @Override
    public Blob mapRequest(TangoRequest request, WorkingSession session) {
        requireNonNull(request, "request is null");
        checkOpen();
        return ScoringPayloads.toBody(request, inputFormat);
    }

    @Override
    public Blob invoke(Blob nativeRequest) {
        requireNonNull(nativeRequest, "nativeRequest is null");
        checkOpen();
        try {
            return proxy.invoke(RequestType.PREDICT, nativeRequest);
        } catch (RemoteServiceException e) {
            if (e.httpStatus().orElse(0) == 400) {
                throw new InvalidRequestException("model " + descriptor.key() + " refused the request: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public TangoResponse mapResponse(Blob nativeResponse) {
        requireNonNull(nativeResponse, "nativeResponse is null");
        return ScoringPayloads.fromBody(nativeResponse, proxy.serviceName());
    }

    /**
     * {@inheritDoc}
     *
     * <p>MLflow explainers take no options: any option is an {@link InvalidRequestException}.
     */
    @Override
    public synchronized TangoModel<?, ?> explainer(Map<String, String> options) {
        requireNonNull(options, "options is null");
        checkOpen();
        if (!options.isEmpty()) {
            throw new InvalidRequestException("unknown explainer option(s) " + options.keySet()
                    + ": the explainers of MLflow models take no options");
        }
        if (explainerSource.isEmpty()) {
            throw new UnsupportedTangoOperationException("model " + descriptor.key() + " has no explainer: "
                    + noExplainerReason);
        }
        if (explainer == null) {
            explainer = explainerSource.get().get();
        }
        return explainer;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model " + descriptor.key() + " is closed");
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (explainer != null) {
                toClose.add(explainer);
            }
            toClose.addAll(owned);
            toClose.add(proxy);
        }
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} of model {} failed", resource, descriptor.key(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "MlflowScoringModel[" + descriptor.key() + " on " + proxy.serverUrl() + "]";
    }
}
