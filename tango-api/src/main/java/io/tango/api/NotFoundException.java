package io.tango.api;

/**
 * Something that was asked for by name or id does not exist: a model, a deployment, a job.
 *
 * <p>A command-line front end maps every subclass to its "not found" exit code.
 */
public class NotFoundException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message what was not found and where it was looked for */
    public NotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was not found and where it was looked for
     * @param cause the underlying error, may be null
     */
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
