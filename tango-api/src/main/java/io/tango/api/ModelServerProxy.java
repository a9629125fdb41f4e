package io.tango.api;

import java.net.URI;

/**
 * A running model server (seed: {@code TangoModelServerProxy}): one URL, and one call that sends it a payload.
 *
 * <p>A {@link TangoModel}'s {@code mapRequest} builds the payload and its {@code mapResponse} reads the answer, so a
 * proxy knows the server's protocol but nothing about models. Thread-safe.
 */
public interface ModelServerProxy extends TangoComponent {

    /** @return the server's base URL (never with credentials in it) */
    URI serverUrl();

    /**
     * Sends a payload to the server's operation for {@code requestType}.
     *
     * @param requestType what to invoke
     * @param payload the body, with its content type
     * @return the server's answer body, with its content type
     * @throws UnsupportedTangoOperationException if the server has no operation for {@code requestType}
     * @throws RemoteServiceException if the server answered with an error or could not be reached
     * @throws OperationTimeoutException if the server did not answer in time
     */
    Blob invoke(RequestType requestType, Blob payload);
}
