package io.tango.api;

/**
 * Work was refused because a bounded queue or pool is full. Nothing was started; the caller may retry later.
 * Served over HTTP this is a 503.
 */
public class CapacityExceededException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which component is full and its limit (e.g. "queue of 1024 predictions is full") */
    public CapacityExceededException(String message) {
        super(message);
    }
}
