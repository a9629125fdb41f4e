package io.tango.api;

/**
 * A request does not match what the model or component accepts: an unknown or missing input, a wrong type or shape,
 * a value outside its choices. The message names the offending input and what was expected.
 */
public class InvalidRequestException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which input is wrong, what it was, and what was expected */
    public InvalidRequestException(String message) {
        super(message);
    }

    /**
     * @param message which input is wrong, what it was, and what was expected
     * @param cause the underlying error, may be null
     */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
