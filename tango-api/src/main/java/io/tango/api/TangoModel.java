package io.tango.api;

/**
 * A runnable model (seed: {@code TangoModel}): it maps a model-agnostic {@link TangoRequest} to the input its model
 * server or engine needs, runs it, and maps the native output back to a {@link TangoResponse}.
 *
 * <p>This is the plugin-side contract; hosts hold models as {@link LoadedModel}, which needs no type parameters.
 * {@link #predict} composes the three steps; hosts call it, plugins implement the steps. Keeping the steps apart
 * lets a caller inspect or reuse the native request (e.g. send the mapped body itself through a
 * {@link ModelServerProxy}).
 *
 * <p>Implementations must be safe to call from many threads at once. {@link #close()} releases native memory or
 * sessions; a closed model throws {@link IllegalStateException}.
 *
 * @param <I> the native request type (e.g. a map of ONNX tensors, or an HTTP body as a {@link Blob})
 * @param <O> the native response type
 */
public interface TangoModel<I, O> extends LoadedModel {

    /**
     * Converts a TANGO request to the model's native input.
     *
     * @param request the request
     * @param session the session the request runs in ({@link WorkingSession#none()} when there is none)
     * @return the native input
     * @throws InvalidRequestException if the request does not match the model: the message names the input and
     *     what was expected
     */
    I mapRequest(TangoRequest request, WorkingSession session);

    /**
     * Runs the model on a native input.
     *
     * @param nativeRequest what {@link #mapRequest} returned
     * @return the native output
     * @throws RemoteServiceException if a remote model server failed
     * @throws OperationTimeoutException if the call did not finish in time
     */
    O invoke(I nativeRequest);

    /**
     * Converts the model's native output to a TANGO response.
     *
     * @param nativeResponse what {@link #invoke} returned
     * @return the response
     */
    TangoResponse mapResponse(O nativeResponse);

    /**
     * Maps, runs and maps back: {@code mapResponse(invoke(mapRequest(request, session)))}.
     *
     * @param request the request
     * @param session the session it runs in
     * @return the response
     */
    @Override
    default TangoResponse predict(TangoRequest request, WorkingSession session) {
        return mapResponse(invoke(mapRequest(request, session)));
    }
}
