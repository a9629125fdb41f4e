package io.tango.api;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** An operation did not finish within its timeout: a remote call, a server start, a wait for a job. */
public class OperationTimeoutException extends TangoException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param message which operation timed out, and against what
     * @param timeout the timeout that ran out
     */
    public OperationTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * @param message which operation timed out, and against what
     * @param timeout the timeout that ran out
     * @param cause the underlying error, may be null
     */
    public OperationTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** @return the timeout that ran out */
    public Duration timeout() {
        return timeout;
    }
}
