package io.tango.api;

/** No deployment of the given name exists on the target that was asked. */
public class DeploymentNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /** @param message which deployment was not found, and on which target */
    public DeploymentNotFoundException(String message) {
        super(message);
    }
}
