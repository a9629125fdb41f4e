package io.tango.api;

/** No model answers to the given key (or version, or alias) in the place that was asked. */
public class ModelNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /** @param message which key was not found and where it was looked for */
    public ModelNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message which key was not found and where it was looked for
     * @param cause the underlying error, may be null
     */
    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
