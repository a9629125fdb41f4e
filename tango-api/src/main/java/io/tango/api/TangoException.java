package io.tango.api;

/**
 * The root of every error TANGO and its plugins raise on purpose.
 *
 * <p>Unchecked, like Trino's {@code TrinoException}: hosts catch the typed subclasses they can act on
 * ({@link ModelNotFoundException}, {@link RemoteServiceException}, …) and let the rest propagate. A message never
 * contains a secret (a token, a password, a secret config value).
 */
public class TangoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and, where it helps, how to fix it; never null
     */
    public TangoException(String message) {
        super(requireMessage(message));
    }

    /**
     * @param message what went wrong and, where it helps, how to fix it; never null
     * @param cause the underlying error, may be null
     */
    public TangoException(String message, Throwable cause) {
        super(requireMessage(message), cause);
    }

    private static String requireMessage(String message) {
        if (message == null) {
            throw new NullPointerException("message is null");
        }
        return message;
    }
}
