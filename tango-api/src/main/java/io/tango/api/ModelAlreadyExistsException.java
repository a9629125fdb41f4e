package io.tango.api;

/** A model (or model version) of that name already exists and the operation would not overwrite it. */
public class ModelAlreadyExistsException extends AlreadyExistsException {
    private static final long serialVersionUID = 1L;

    /** @param message which model exists, and how to overwrite it if the target allows it */
    public ModelAlreadyExistsException(String message) {
        super(message);
    }
}
