package io.tango.api;

/** The result of a job was asked for, but the job was canceled before it completed. */
public class JobCanceledException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which job was canceled */
    public JobCanceledException(String message) {
        super(message);
    }
}
