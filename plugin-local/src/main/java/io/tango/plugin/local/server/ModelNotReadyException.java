package io.tango.plugin.local.server;

import io.tango.api.TangoException;

/**
 * A served model exists but cannot answer now: it was unloaded, or loading it failed. Nothing was run; the caller may
 * load it (OIP's repository extension) or retry. Served over HTTP this is a 503, over gRPC {@code UNAVAILABLE}.
 */
public final class ModelNotReadyException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which model and why it is not ready, and how to make it ready */
    public ModelNotReadyException(String message) {
        super(message);
    }
}
