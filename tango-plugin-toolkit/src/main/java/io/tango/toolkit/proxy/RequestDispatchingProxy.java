package io.tango.toolkit.proxy;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A model-server proxy whose {@link #invoke} dispatches each {@link RequestType} to a method of its own:
 * {@link #predict}, {@link #train}, {@link #metadata} and {@link #explain}. A subclass overrides the operations its
 * server has; the others throw {@link #unsupported(RequestType)}, by default
 * {@code "<serviceName()> cannot <operation>: <unsupportedReason()>"}.
 *
 * <p>Thread-safe as far as the subclass's operations are.
 */
public abstract class RequestDispatchingProxy implements ModelServerProxy {

    /** For subclasses. */
    protected RequestDispatchingProxy() {
    }

    /**
     * Checks the arguments and calls the method of {@code requestType}.
     *
     * @throws NullPointerException if an argument is null
     * @throws UnsupportedTangoOperationException if the server has no operation for {@code requestType}
     */
    @Override
    public final Blob invoke(RequestType requestType, Blob payload) {
        requireNonNull(requestType, "requestType is null");
        requireNonNull(payload, "payload is null");
        return switch (requestType) {
            case PREDICT -> predict(payload);
            case TRAIN -> train(payload);
            case METADATA -> metadata(payload);
            case EXPLAIN -> explain(payload);
        };
    }

    /**
     * @param payload the body, not null
     * @return the server's answer to a prediction
     * @throws UnsupportedTangoOperationException unless overridden
     */
    protected Blob predict(Blob payload) {
        throw unsupported(RequestType.PREDICT);
    }

    /**
     * @param payload the body, not null
     * @return the server's answer to a training request
     * @throws UnsupportedTangoOperationException unless overridden
     */
    protected Blob train(Blob payload) {
        throw unsupported(RequestType.TRAIN);
    }

    /**
     * @param payload the body, not null (most servers ignore it)
     * @return the server's or model's metadata
     * @throws UnsupportedTangoOperationException unless overridden
     */
    protected Blob metadata(Blob payload) {
        throw unsupported(RequestType.METADATA);
    }

    /**
     * @param payload the body, not null
     * @return the server's explanation
     * @throws UnsupportedTangoOperationException unless overridden
     */
    protected Blob explain(Blob payload) {
        throw unsupported(RequestType.EXPLAIN);
    }

    /** @return how messages name the server, e.g. {@code scoring server at http://127.0.0.1:5000} */
    protected abstract String serviceName();

    /** @return why the operations it lacks are missing, e.g. {@code it answers PREDICT and METADATA} */
    protected abstract String unsupportedReason();

    /**
     * @param requestType an operation the server does not have
     * @return the exception saying so: {@code "<serviceName()> cannot <operation>: <unsupportedReason()>"}
     */
    protected UnsupportedTangoOperationException unsupported(RequestType requestType) {
        return new UnsupportedTangoOperationException(serviceName() + " cannot "
                + requestType.name().toLowerCase(Locale.ROOT) + ": " + unsupportedReason());
    }
}
