package io.tango.api;

/**
 * The component does not offer this operation (a deployment target without endpoints, a registry that cannot delete,
 * a model without an explainer).
 *
 * <p>The message says which component refused, which operation, and why where the reason is known.
 */
public class UnsupportedTangoOperationException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which operation is unsupported by which component, and why */
    public UnsupportedTangoOperationException(String message) {
        super(message);
    }
}
