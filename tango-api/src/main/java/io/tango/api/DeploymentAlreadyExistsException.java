package io.tango.api;

/** A deployment of that name already exists on the target; update it instead of creating it. */
public class DeploymentAlreadyExistsException extends AlreadyExistsException {
    private static final long serialVersionUID = 1L;

    /** @param message which deployment exists, on which target */
    public DeploymentAlreadyExistsException(String message) {
        super(message);
    }
}
