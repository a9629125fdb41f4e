package io.tango.api;

/** No training or prediction job has the given id (never existed, or its record was removed by retention). */
public class JobNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /** @param message which id was not found, and which component was asked */
    public JobNotFoundException(String message) {
        super(message);
    }
}
