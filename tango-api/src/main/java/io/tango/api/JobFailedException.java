package io.tango.api;

/** The result of a job was asked for, but the job ended ERRORED. The message carries the job's errors. */
public class JobFailedException extends TangoException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which job failed and its errors
     * @param cause the error the job raised, when it is still at hand (not after a restart), may be null
     */
    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
