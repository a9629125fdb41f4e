package io.tango.api;

/** Something could not be created because a thing of the same name already exists. */
public class AlreadyExistsException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message what exists already, and how to replace it if that is possible (e.g. "use update") */
    public AlreadyExistsException(String message) {
        super(message);
    }
}
